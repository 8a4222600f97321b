import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { Queue } from 'bullmq'
import queueConfig from '#config/queue'
import env from '#start/env'
import { freePort } from '#tests/support/redis_server'

function portOpen(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

test.group('System / bin/dev.sh', (group) => {
  const prefix = `${queueConfig.prefix}-devsh`
  // The script's workers use queues of their own (and their schedules): removed afterwards.
  group.each.teardown(async () => {
    for (const name of queueConfig.queues) {
      const q = new Queue(name, { connection: queueConfig.connection, prefix })
      await q.obliterate({ force: true }).catch(() => {})
      await q.close()
    }
  })

  test('starts the server, workers and an admin account; SIGTERM to the script stops every process it started', async ({
    assert,
  }) => {
    const port = await freePort()
    const emptyDataDir = await mkdtemp(join(tmpdir(), 'marquee-data-'))
    const output: string[] = []
    const script = spawn('bash', ['bin/dev.sh'], {
      cwd: app.makePath(),
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_URL: `http://127.0.0.1:${port}`,
        QUEUE_PREFIX: prefix,
        // A TMDB already listens there (this run's fake server), and no data to bootstrap from.
        TMDB_BASE_URL: env.get('TMDB_BASE_URL'),
        TMDB_ACCESS_TOKEN: env.get('TMDB_ACCESS_TOKEN')!.release(),
        MARQUEE_DATA_DIR: emptyDataDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    script.stdout.on('data', (chunk) => output.push(String(chunk)))
    script.stderr.on('data', (chunk) => output.push(String(chunk)))
    const exited = new Promise<number | null>((resolve) => script.once('exit', (code) => resolve(code)))
    try {
      const deadline = Date.now() + 150_000
      while (!output.join('').includes('[marquee] ready') && Date.now() < deadline && script.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
      const text = output.join('')
      assert.include(text, '[marquee] ready', text.slice(-3000))
      assert.include(text, `API docs       http://127.0.0.1:${port}/api/docs`)
      assert.include(text, `Admin panel    http://127.0.0.1:${port}/admin`)
      assert.match(text, /Admin account  admin \/ \S{12,}/)
      const health = await fetch(`http://127.0.0.1:${port}/health`)
      assert.equal(health.status, 200)
      const admin = await db.from('users').where('username', 'admin').firstOrFail()
      assert.equal(admin.role, 'admin')

      // To the script's PID only, as an orchestrator (or `kill <pid>`) does.
      script.kill('SIGTERM')
      const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000))])
      assert.equal(code, 143, output.join('').slice(-2000))
      let open = true
      for (let i = 0; i < 40 && open; i++) {
        open = await portOpen(port)
        if (open) await new Promise((resolve) => setTimeout(resolve, 250))
      }
      assert.isFalse(open, `port ${port} is still served after the script stopped`)
    } finally {
      if (script.exitCode === null) script.kill('SIGKILL')
      await rm(emptyDataDir, { recursive: true, force: true })
    }
  }).timeout(200_000)
})
