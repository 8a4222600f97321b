/*
|--------------------------------------------------------------------------
| Bench: idle SSE subscribers on one process (memory per connection)
|--------------------------------------------------------------------------
|
| Starts one production-mode app process, opens BENCH_STREAMS (5,000)
| Transmit streams to it, subscribes each to its user's notification channel
| (users/:id/notifications, authorised by a real access token), keeps them
| idle, and reports the server's resident memory before and after, per
| connection. It then checks that the streams are alive: one notification
| per user is pushed and every stream must receive its own.
|
| 1. A migrated database and a .env (bin/dev.sh makes one), then:
|      export PATH=$PWD/node_modules/.bin:$PATH
|      export DATABASE_URL=postgres://postgres@127.0.0.1:5432/marquee_bench
|      node ace migration:run --force
| 2. The bench (it starts and stops the server itself, on BENCH_PORT):
|      node --import=@poppinss/ts-exec bench/sse.ts
|
| Options (environment): BENCH_STREAMS (5000), BENCH_USERS (500: streams
| share users round-robin; tokens are minted without scrypt), BENCH_PORT
| (3420), BENCH_IDLE_SECONDS (10, time the streams stay idle before the
| memory reading). Needs `ulimit -n` above BENCH_STREAMS × 2 (the client and
| the server run on this machine). Exits non-zero when a stream failed.
|
| Measured 2026-11-21 (2 cores, DATABASE_URL=…/marquee_sse_bench, REDIS_DB=12):
|   node --import=@poppinss/ts-exec bench/sse.ts
|   5,000 streams on 500 users opened and subscribed in 2.5 s; server RSS
|   248.9 MiB → 464.2 MiB after 10 s idle: 44.1 KiB per connection (socket,
|   HTTP request/response, Transmit stream, subscription records); every
|   stream then received its pushed notification. An earlier run on a busier
|   machine: 44.7 KiB.
|
*/

import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { randomUUID } from 'node:crypto'
import { APP_ROOT, bootConsoleApp, step } from './support/console_app.js'

const STREAMS = Number(process.env.BENCH_STREAMS ?? 5000)
const USERS = Math.min(Number(process.env.BENCH_USERS ?? 500), STREAMS)
const PORT = Number(process.env.BENCH_PORT ?? 3420)
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10)
const BASE = `http://127.0.0.1:${PORT}`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resident memory of a process, in MiB, from /proc. */
function rssMiB(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

const app = await bootConsoleApp()

const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: User } = await import('#models/user')
const { default: LoginSessionService } = await import('#services/auth/login_sessions')
const loginSessions = await app.container.make(LoginSessionService)
const { default: NotificationService } = await import('#services/notifications/notification_service')
const notifications = await app.container.make(NotificationService)

interface OpenStream {
  uid: string
  userId: number
  received: number
  response?: http.IncomingMessage
  request: http.ClientRequest
}

function openStream(userId: number, agent: http.Agent): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const uid = randomUUID()
    const request = http.get(`${BASE}/__transmit/events?uid=${uid}`, { agent })
    const stream: OpenStream = { uid, userId, received: 0, request }
    request.on('error', reject)
    request.on('response', (response) => {
      stream.response = response
      if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`))
      response.setEncoding('utf8')
      let opened = false
      response.on('data', (chunk: string) => {
        if (!opened) {
          opened = true
          resolve(stream)
        }
        // One push per user is all that is sent after the subscriptions.
        if (chunk.includes('"type":"notification"')) stream.received += 1
      })
    })
  })
}

async function subscribe(stream: OpenStream, token: string) {
  const response = await fetch(`${BASE}/__transmit/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
    body: JSON.stringify({ uid: stream.uid, channel: `users/${stream.userId}/notifications` }),
  })
  await response.arrayBuffer()
  if (response.status !== 204) throw new Error(`subscribe answered ${response.status}`)
}

/** Runs `task` over `items` with at most `width` at a time. */
async function inBatches<T>(items: T[], width: number, task: (item: T) => Promise<unknown>) {
  for (let index = 0; index < items.length; index += width) {
    await Promise.all(items.slice(index, index + width).map(task))
  }
}

const userIds: number[] = []
let exitCode = 0
const server = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
  cwd: new URL('.', APP_ROOT).pathname,
  env: { ...process.env, NODE_ENV: 'production', RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn', PORT: String(PORT), HOST: '127.0.0.1' },
  stdio: ['ignore', 'inherit', 'inherit'],
})
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })
const streams: OpenStream[] = []
try {
  step(`starting the server on ${BASE}`)
  for (let attempt = 0; ; attempt++) {
    const health = await fetch(`${BASE}/health`).catch(() => null)
    if (health?.ok) break
    if (attempt > 300 || server.exitCode !== null) throw new Error('the server did not start (is there a .env? see the top of bench/sse.ts)')
    await sleep(200)
  }
  console.log('done')

  const run = Date.now().toString(36)
  step(`creating ${USERS} users and their access tokens`)
  const rows = Array.from({ length: USERS }, (_, i) => ({ username: `sse_${run}_${i}`, email: `sse_${run}_${i}@bench.test` }))
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db.table('users').multiInsert(rows.slice(i, i + 500)).returning('id')
    userIds.push(...inserted.map((row: { id: number }) => row.id))
  }
  const tokens = new Map<number, string>()
  for (const user of await User.findMany(userIds)) {
    const { tokens: pair } = await loginSessions.start(user, { ip: '127.0.0.1', deviceName: 'sse bench' })
    tokens.set(user.id, pair.access_token)
  }
  console.log('done')

  // A few requests first, so the reading is of a warm process.
  await sleep(1000)
  const before = rssMiB(server.pid!)

  step(`opening and subscribing ${STREAMS} streams`)
  const started = Date.now()
  const owners = Array.from({ length: STREAMS }, (_, i) => userIds[i % USERS])
  await inBatches(owners, 200, async (userId) => {
    const stream = await openStream(userId, agent)
    streams.push(stream)
    await subscribe(stream, tokens.get(userId)!)
  })
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`)

  step(`idling ${IDLE_SECONDS} s`)
  await sleep(IDLE_SECONDS * 1000)
  const after = rssMiB(server.pid!)
  console.log('done')

  step('pushing one notification per user through the app (stored, then pushed)')
  await notifications.createMany(
    userIds.map((userId) => ({ userId, type: 'system_update' as const, title: 'SSE bench', message: 'hello' }))
  )
  const deadline = Date.now() + 15_000
  while (streams.some((stream) => stream.received < 1) && Date.now() < deadline) await sleep(100)
  const deaf = streams.filter((stream) => stream.received < 1).length
  console.log(deaf === 0 ? 'every stream received its push' : `${deaf} streams received nothing`)
  if (deaf > 0) exitCode = 1

  console.log('')
  console.log(`streams:              ${streams.length} (on ${USERS} users)`)
  console.log(`server RSS before:    ${before.toFixed(1)} MiB`)
  console.log(`server RSS after:     ${after.toFixed(1)} MiB`)
  console.log(`per connection:       ${(((after - before) * 1024) / streams.length).toFixed(1)} KiB`)
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  for (const stream of streams) {
    stream.response?.destroy()
    stream.request.destroy()
  }
  agent.destroy()
  server.kill('SIGTERM')
  if (userIds.length) await db.from('users').whereIn('id', userIds).delete()
  await app.terminate()
  process.exit(exitCode)
}
