/*
|--------------------------------------------------------------------------
| Bench: chat fan-out to 1,000 SSE subscribers of one movie room
|--------------------------------------------------------------------------
|
| Seeds 1,000 users who joined one movie's chat room (rows written straight
| to the database, one login session and access token each through the
| app's own login-session service), opens one Transmit SSE stream per user
| and subscribes it to chat/rooms/:id with that user's token, then posts
| messages into the room (one member, POST /api/v1/chat/rooms/:id/messages)
| and measures, for every stream, the time from sending the POST to the
| message arriving on that stream.
|
| 1. A database for the bench, migrated:
|      export DATABASE_URL=postgres://postgres@127.0.0.1:5432/marquee_chat_bench
|      node ace migration:run --force
| 2. A server with the rate limits off (never the default), quiet logs:
|      NODE_ENV=production RATE_LIMIT_ENABLED=false LOG_LEVEL=warn PORT=3411 \
|        node --import=@poppinss/ts-exec bin/server.ts
| 3. The bench, against that server and the same database and Redis
|    (tokens are checked against the login sessions it creates):
|      BENCH_URL=http://127.0.0.1:3411 node --import=@poppinss/ts-exec bench/chat_fanout.ts
|
| Options (environment): BENCH_SUBSCRIBERS (1000), BENCH_MESSAGES (50),
| BENCH_INTERVAL_MS (100, between messages), BENCH_WARMUP (5 messages sent
| first and not measured: a cold server's first requests), BENCH_P99_MS (100, the target),
| BENCH_KEEP=1 keeps the seeded data. Exits non-zero when a delivery is
| missing or p99 is over the target.
|
| The streams live in this process: latencies include reading and parsing
| 1,000 SSE frames here, so they are an upper bound of what a client sees.
|
| Measured 2026-11-21 (2 cores; server as in 2. on PORT=3422, REDIS_DB=14,
| DATABASE_URL=…/marquee_chat_bench; BENCH_URL=http://127.0.0.1:3422):
|   deliveries 50,000 of 50,000; delivery p50 19.9 ms, p90 27.5 ms,
|   p99 33.7 ms, max 37.1 ms; first stream p50 11.6 ms; first → last stream
|   p50 14.4 ms; POST p50 10.0 ms, p99 19.8 ms. Runs with other work on the
|   machine gave p99 30.7-33.1 ms, and 86-98 ms when it was heavily loaded.
|
*/

import http from 'node:http'
import { randomUUID } from 'node:crypto'
import { bootConsoleApp, step } from './support/console_app.js'
import { parallel } from './support/http.ts'

const BENCH_URL = process.env.BENCH_URL ?? 'http://127.0.0.1:3411'
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000)
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50)
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 100)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5)
const TARGET_P99 = Number(process.env.BENCH_P99_MS ?? 100)
const KEEP = process.env.BENCH_KEEP === '1'

const app = await bootConsoleApp()

const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: User } = await import('#models/user')
const { default: LoginSessionService } = await import('#services/auth/login_sessions')
const loginSessions = await app.container.make(LoginSessionService)

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })

/** One SSE stream: records when each tagged message arrives (performance.now()). */
class Stream {
  readonly uid = randomUUID()
  readonly arrivals = new Map<number, number>()
  #request?: http.ClientRequest
  #buffer = ''

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = http.get(`${BENCH_URL}/__transmit/events?uid=${this.uid}`, { agent: false, headers: { accept: 'text/event-stream' } })
      this.#request = request
      request.on('error', reject)
      request.on('response', (response) => {
        if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`))
        response.setEncoding('utf8')
        let opened = false
        response.on('data', (chunk: string) => {
          const now = performance.now()
          if (!opened) {
            opened = true
            resolve()
          }
          this.read(chunk, now)
        })
        response.on('error', () => undefined)
      })
    })
  }

  private read(chunk: string, now: number) {
    this.#buffer += chunk
    let boundary = this.#buffer.indexOf('\n\n')
    while (boundary !== -1) {
      const block = this.#buffer.slice(0, boundary)
      this.#buffer = this.#buffer.slice(boundary + 2)
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n')
      if (data) {
        const event = JSON.parse(data) as { payload?: { type?: string; data?: { body?: string } } }
        const tag = /^bench #(\d+)$/.exec(event.payload?.data?.body ?? '')
        if (event.payload?.type === 'chat_message' && tag) this.arrivals.set(Number(tag[1]), now)
      }
      boundary = this.#buffer.indexOf('\n\n')
    }
  }

  async subscribe(channel: string, token: string) {
    const response = await request('POST', '/__transmit/subscribe', token, { uid: this.uid, channel })
    if (response.status !== 204) throw new Error(`subscribe answered ${response.status}: ${response.body}`)
  }

  close() {
    this.#request?.destroy()
  }
}

function request(method: string, path: string, token: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body)
    const req = http.request(
      `${BENCH_URL}${path}`,
      {
        method,
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      }
    )
    req.on('error', reject)
    req.end(payload)
  })
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

let exitCode = 0
const userIds: number[] = []
let movieId: number | null = null
const streams: Stream[] = []
try {
  const health = await fetch(`${BENCH_URL}/health`).catch(() => null)
  if (!health) throw new Error(`No server at ${BENCH_URL}: start one (see the top of bench/chat_fanout.ts)`)

  const run = Date.now().toString(36)
  step(`creating ${SUBSCRIBERS} users, a movie and its room with all of them as members`)
  const users = Array.from({ length: SUBSCRIBERS }, (_, i) => ({
    username: `chat_${run}_${i}`,
    email: `chat_${run}_${i}@bench.test`,
    display_name: `Chat ${i}`,
  }))
  for (let i = 0; i < users.length; i += 500) {
    const inserted = await db.table('users').multiInsert(users.slice(i, i + 500)).returning('id')
    userIds.push(...inserted.map((row: { id: number }) => row.id))
  }
  const [movie] = await db
    .table('movies')
    .insert({ title: `Chat bench movie ${run}`, popularity: 0, vote_average: 0, vote_count: 0 })
    .returning('id')
  movieId = movie.id
  const [room] = await db.table('chat_rooms').insert({ type: 'movie', movie_id: movieId }).returning('id')
  const roomId: number = room.id
  await db.table('chat_room_members').multiInsert(userIds.map((id) => ({ room_id: roomId, user_id: id })))
  console.log(`done (room ${roomId})`)

  step(`minting ${SUBSCRIBERS} access tokens`)
  const tokens: string[] = new Array(SUBSCRIBERS)
  await parallel(userIds, 16, async (id, index) => {
    const issued = await loginSessions.start(await User.findOrFail(id), { ip: '127.0.0.1', deviceName: 'chat bench' })
    tokens[index] = issued.tokens.access_token
  })
  console.log('done')

  step(`opening ${SUBSCRIBERS} SSE streams and subscribing each to chat/rooms/${roomId}`)
  const channel = `chat/rooms/${roomId}`
  await parallel(userIds, 32, async (_id, index) => {
    const stream = new Stream()
    streams.push(stream)
    await stream.open()
    await stream.subscribe(channel, tokens[index])
  })
  console.log('done')

  for (let seq = 0; seq < WARMUP; seq += 1) {
    const response = await request('POST', `/api/v1/chat/rooms/${roomId}/messages`, tokens[0], { body: `warm-up #${seq}` })
    if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${response.body}`)
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS))
  }

  console.log(`[bench] posting ${MESSAGES} messages, one every ${INTERVAL_MS} ms, to ${SUBSCRIBERS} subscribers`)
  const sentAt = new Map<number, number>()
  const postLatency: number[] = []
  const sender = tokens[0]
  for (let seq = 0; seq < MESSAGES; seq += 1) {
    const start = performance.now()
    sentAt.set(seq, start)
    const response = await request('POST', `/api/v1/chat/rooms/${roomId}/messages`, sender, { body: `bench #${seq}` })
    if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${response.body}`)
    postLatency.push(performance.now() - start)
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS))
  }
  // Stragglers: give the last deliveries a moment.
  await new Promise((resolve) => setTimeout(resolve, 1000))

  const latencies: number[] = []
  let missing = 0
  for (const stream of streams) {
    for (const [seq, start] of sentAt) {
      const arrived = stream.arrivals.get(seq)
      if (arrived === undefined) missing += 1
      else latencies.push(arrived - start)
    }
  }
  // Per message: when the first and the last stream had it (where the time goes).
  const firsts: number[] = []
  const spreads: number[] = []
  for (const [seq, start] of sentAt) {
    const times = streams.map((stream) => stream.arrivals.get(seq)).filter((t): t is number => t !== undefined)
    if (!times.length) continue
    const first = Math.min(...times)
    firsts.push(first - start)
    spreads.push(Math.max(...times) - first)
  }
  firsts.sort((a, b) => a - b)
  spreads.sort((a, b) => a - b)
  latencies.sort((a, b) => a - b)
  postLatency.sort((a, b) => a - b)
  const fmt = (value: number) => value.toFixed(1)
  const p50 = percentile(latencies, 50)
  const p99 = percentile(latencies, 99)
  console.log('')
  console.log(`deliveries    ${latencies.length} of ${streams.length * MESSAGES} (${missing} missing)`)
  console.log(`delivery      p50 ${fmt(p50)} ms, p90 ${fmt(percentile(latencies, 90))} ms, p99 ${fmt(p99)} ms, max ${fmt(latencies[latencies.length - 1] ?? NaN)} ms (POST sent → frame read on each stream)`)
  console.log(`first stream  p50 ${fmt(percentile(firsts, 50))} ms, p99 ${fmt(percentile(firsts, 99))} ms; first → last stream p50 ${fmt(percentile(spreads, 50))} ms, p99 ${fmt(percentile(spreads, 99))} ms`)
  console.log(`POST          p50 ${fmt(percentile(postLatency, 50))} ms, p99 ${fmt(percentile(postLatency, 99))} ms (response to the sender)`)
  const problems = [missing > 0 && `${missing} deliveries missing`, !(p99 <= TARGET_P99) && `p99 ${fmt(p99)} ms is over the ${TARGET_P99} ms target`].filter(Boolean)
  if (problems.length) {
    exitCode = 1
    console.error(`\n[bench] FAILED: ${problems.join('; ')}`)
  } else {
    console.log(`\n[bench] OK: p99 ${fmt(p99)} ms <= ${TARGET_P99} ms, every message reached every stream`)
  }
} catch (error) {
  exitCode = 1
  console.error(`[bench] ${(error as Error).message}`)
} finally {
  for (const stream of streams) stream.close()
  agent.destroy()
  if (!KEEP && userIds.length) {
    // Cascades to memberships, messages and login sessions; the room goes with its movie.
    await db.from('users').whereIn('id', userIds).delete()
    if (movieId !== null) await db.from('movies').where('id', movieId).delete()
  }
  await app.terminate()
  process.exit(exitCode)
}
