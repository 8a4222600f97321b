import type { Worker } from 'bullmq'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import queue from '#jobs/queue/queue'
import { startWorkers } from '#jobs/queue/workers'
import { registerSchedules } from '#jobs/queue/schedules'
import FakeTmdbServer from '#tests/support/fake_tmdb/fake_tmdb_server'
import { smtpSink } from '#tests/support/smtp_sink'

let workers: Worker[] = []
let tmdb: FakeTmdbServer | undefined

/**
 * The fake TMDB server of this run (started by startTestServices). Tests
 * call `fakeTmdb().reset()` before driving it.
 */
export function fakeTmdb(): FakeTmdbServer {
  if (!tmdb) throw new Error('The fake TMDB server is not running (startTestServices starts it)')
  return tmdb
}

/**
 * The TMDB dump the fake server serves: ../shared/data/tmdb beside the
 * project, or TMDB_DUMP_DIR.
 */
export function fakeTmdbDataDir() {
  return process.env.TMDB_DUMP_DIR ?? app.makePath('..', 'shared', 'data', 'tmdb')
}

/**
 * Real collaborators the suite talks to: BullMQ workers in this process
 * (same code as `node ace queue:work`).
 */
export async function startTestServices() {
  // The fake TMDB on a free port, and the app pointed at it (the client reads env per use).
  tmdb = await FakeTmdbServer.start({
    port: 0,
    dataDir: fakeTmdbDataDir(),
    token: env.get('TMDB_ACCESS_TOKEN')?.release(),
  })
  env.set('TMDB_BASE_URL', tmdb.baseUrl)
  process.env.TMDB_BASE_URL = tmdb.baseUrl
  // The SMTP sink on a free port; the mailer is pointed at it before any job runs.
  await smtpSink.start()
  for (const name of queue.names) {
    await queue.queue(name).obliterate({ force: true })
  }
  // As queue:work does (/health reports missing schedules); their first runs are
  // dropped at once, so no scheduled job fires in the middle of a test.
  await registerSchedules()
  for (const name of queue.names) await queue.queue(name).drain(true)
  workers = startWorkers(queue.names)
}

export async function stopTestServices() {
  await Promise.allSettled(workers.map((worker) => worker.close()))
  workers = []
  await tmdb?.close()
  tmdb = undefined
  await smtpSink.stop()
}
