/*
|--------------------------------------------------------------------------
| Bench: the signed-in core loop (issue 13), one table, one run
|--------------------------------------------------------------------------
|
| find a film → open it → rate it → get recommendations, plus the caller's
| own lists, each row at c=32 (PUT with 600 users at c=16), 10 s after a
| 3 s warm-up, side by side with a bare node:http + pg server answering the
| movie detail with one primary-key lookup (bench/detail_baseline_server.ts,
| started here on port 3398), so ratios are read in one run.
|
| It boots nothing of the app: it talks HTTP to a running production build
| and reads movie ids / checks aggregates with plain SQL on DATABASE_URL.
|
|   export PATH=$PWD/node_modules/.bin:$PATH
|   export DATABASE_URL=postgres://postgres@127.0.0.1:5432/marquee_speed REDIS_DB=7 QUEUE_PREFIX=marquee-speed
|   node ace migration:run --force
|   node ace movielens:import ../shared/data/ml-latest-small && node ace tmdb:import-dump ../shared/data/tmdb
|   node ace recommender:train
|   node ace build && cd build && cp -a ../node_modules ../.env . && \
|     NODE_ENV=production RATE_LIMIT_ENABLED=false LOG_LEVEL=warn PORT=3414 node bin/server.js &
|   (cd build && NODE_ENV=production node ace queue:work &)      # feed fan-out, batched jobs
|   node bench/core_loop.ts --app http://127.0.0.1:3414
|
| For a cold detail row restart the server and empty its cache first
| (its own Redis db only, e.g. `redis-cli -n 7 --scan --pattern 'marquee-cache*' | xargs redis-cli -n 7 del`).
|
| Options: --duration (10), --warmup (3), --connections (32), --users (600),
| --only <substring> to run the rows whose name contains it.
*/
import { spawn } from 'node:child_process'
import os from 'node:os'
import pg from 'pg'
import { arg } from './support/cli.ts'
import { benchClient, bombard, HALF_STEPS, parallel, random, type BenchUser, type Shape } from './support/http.ts'

const appUrl = arg('app', 'http://127.0.0.1:3414').replace(/\/+$/, '')
const duration = Number(arg('duration', '10'))
const warmup = Number(arg('warmup', '3'))
const connections = Number(arg('connections', '32'))
const userCount = Number(arg('users', '600'))
const only = arg('only', '')
const baselineUrl = 'http://127.0.0.1:3398'
const run = Date.now().toString(36)

// Deterministic, so two runs ask for the same sequence.
const next = random(13)
const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]

const { must, signUp: signUpAs, deleteUsers } = benchClient(appUrl)
const signUp = (name: string) => signUpAs(`cl_${run}_${name}`)

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 })
const ids: number[] = (
  await pool.query('SELECT id FROM movies WHERE NOT is_hidden AND NOT adult ORDER BY id')
).rows.map((row) => row.id as number)
if (ids.length < 100) throw new Error('The catalogue is empty: import it first (see the header of this file)')
const health = await fetch(`${appUrl}/health`).catch(() => null)
if (!health) throw new Error(`No server at ${appUrl}: start one (see the header of this file)`)

const baseline = spawn(process.execPath, ['bench/detail_baseline_server.ts', '--port', '3398'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: process.env,
})
await new Promise((resolve) => setTimeout(resolve, 1500))

console.log(`[bench] ${ids.length} movies; preparing users (${userCount} raters, a 20-rating user, a 1,000-item user)…`)
const light = await signUp('light')
const heavy = await signUp('heavy')
const follower = await signUp('follower')
const writer = await signUp('writer')
// The follower sees the heavy user's activity in the feed.
const request = await must(`/api/v1/users/${heavy.id}/friend-request`, { method: 'POST', token: follower.token })
await must(`/api/v1/me/friend-requests/${request.id}/accept`, { method: 'POST', token: heavy.token })
const shuffled = [...ids].sort(() => next() - 0.5)
for (const movieId of shuffled.slice(0, 20)) {
  await must(`/api/v1/movies/${movieId}/rating`, { method: 'PUT', token: light.token, body: { rating: pick(HALF_STEPS) } })
}
await must(`/api/v1/me/watchlist/${shuffled[21]}`, { method: 'PUT', token: light.token })
// The 1,000-item rows only (skipped with an --only that selects none of them).
const thousand = !only || /1,000|3,000|items|activities/.test(only) ? shuffled.slice(0, 1000) : []
await parallel(thousand, 8, async (movieId, i) => {
  await must(`/api/v1/movies/${movieId}/rating`, { method: 'PUT', token: heavy.token, body: { rating: HALF_STEPS[i % 10] } })
  await must(`/api/v1/me/watchlist/${movieId}`, { method: 'PUT', token: heavy.token })
  const day = String(1 + (i % 28)).padStart(2, '0')
  await must('/api/v1/me/diary', { method: 'POST', token: heavy.token, body: { movie_id: movieId, watched_on: `2024-01-${day}` } })
})
const raters: BenchUser[] = []
await parallel(
  Array.from({ length: userCount }, (_, i) => i),
  8,
  async (i) => {
    raters[i] = await signUp(`r${i}`)
  }
)
console.log('[bench] ready')

interface Row {
  name: string
  shape: Shape
  url?: string
  connections?: number
  /** Each request once (first requests), no warm-up. */
  amount?: number
}
const idPath = () => `/api/v1/movies/${pick(ids)}`
let raterCursor = 0
// Each of up to 10,000 random ids once: every request misses the detail cache (after a restart).
const coldIds = [...ids].sort(() => next() - 0.5).slice(0, 10_000)
let coldCursor = 0
const rows: Row[] = [
  { name: 'bare node:http+pg GET /movies/:id', url: baselineUrl, shape: { path: idPath } },
  { name: 'GET /movies (anonymous, cached)', shape: { path: () => `/api/v1/movies?page=${1 + Math.floor(next() * 5)}` } },
  {
    name: `GET /movies/:id anonymous, first pass (cold, ${coldIds.length} ids once)`,
    shape: { path: () => `/api/v1/movies/${coldIds[coldCursor++ % coldIds.length]}` },
    amount: coldIds.length,
  },
  { name: 'GET /movies/:id anonymous', shape: { path: idPath } },
  { name: 'GET /movies/:id with token', shape: { path: idPath, token: () => light.token } },
  {
    name: 'PUT /movies/:id/rating (1 user)',
    shape: { method: 'PUT', path: () => `/api/v1/movies/${pick(ids)}/rating`, token: () => writer.token, body: () => `{"rating":${pick(HALF_STEPS)}}` },
  },
  {
    name: `PUT /movies/:id/rating (${userCount} users, c=16)`,
    connections: 16,
    shape: {
      method: 'PUT',
      path: () => `/api/v1/movies/${pick(ids.slice(0, 2000))}/rating`,
      token: () => pick(raters).token,
      body: () => `{"rating":${pick(HALF_STEPS)}}`,
    },
  },
  {
    name: `GET /me/recommendations first request (${userCount} users, c=16)`,
    connections: 16,
    amount: userCount,
    shape: { path: () => '/api/v1/me/recommendations?limit=10', token: () => raters[raterCursor++ % raters.length].token },
  },
  { name: 'GET /me/recommendations?limit=10 (warm)', shape: { path: () => '/api/v1/me/recommendations?limit=10', token: () => light.token } },
  { name: 'GET /me', shape: { path: () => '/api/v1/me', token: () => light.token } },
  { name: 'GET /me/ratings (20 items)', shape: { path: () => '/api/v1/me/ratings', token: () => light.token } },
  { name: 'GET /me/ratings (1,000 items)', shape: { path: () => '/api/v1/me/ratings', token: () => heavy.token } },
  { name: 'GET /me/watchlist (1 item)', shape: { path: () => '/api/v1/me/watchlist', token: () => light.token } },
  { name: 'GET /me/watchlist (1,000 items)', shape: { path: () => '/api/v1/me/watchlist', token: () => heavy.token } },
  { name: 'GET /me/diary (empty)', shape: { path: () => '/api/v1/me/diary', token: () => light.token } },
  { name: 'GET /me/diary (1,000 items)', shape: { path: () => '/api/v1/me/diary', token: () => heavy.token } },
  { name: 'GET /me/feed (no friends)', shape: { path: () => '/api/v1/me/feed', token: () => light.token } },
  { name: 'GET /me/feed (friend with 3,000 activities)', shape: { path: () => '/api/v1/me/feed', token: () => follower.token } },
]

const table: Record<string, string | number>[] = []
try {
  for (const row of rows) {
    if (only && !row.name.includes(only)) continue
    const url = row.url ?? appUrl
    const width = row.connections ?? connections
    if (!row.amount && warmup > 0) await bombard(url, row.shape, { duration: warmup, connections: width })
    const load = os.loadavg()[0]
    const result = await bombard(url, row.shape, { duration, amount: row.amount, connections: width })
    table.push({
      request: row.name,
      c: width,
      'req/s': Math.round(row.amount ? result.requests.total / result.duration : result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      'non-2xx': result.non2xx + result.errors + result.timeouts,
      'load 1m': load.toFixed(1),
    })
    process.stdout.write('.')
  }
  console.log('')
  // Aggregates must equal the ratings table after the write rows.
  const drift = await pool.query(`
    SELECT count(*)::int AS movies FROM movies m
      LEFT JOIN (SELECT movie_id, count(*)::int AS n, sum(rating)::float8 AS s FROM ratings GROUP BY movie_id) r ON r.movie_id = m.id
     WHERE m.rating_count <> coalesce(r.n, 0) OR abs(m.rating_sum - coalesce(r.s, 0)) > 1e-6`)
  console.table(table)
  console.log(`aggregates: ${drift.rows[0].movies === 0 ? 'exact (rating_count/rating_sum equal the ratings table for every movie)' : `${drift.rows[0].movies} movies DRIFTED`}`)
  const base = table.find((row) => String(row.request).startsWith('bare'))
  const list = table.find((row) => String(row.request).startsWith('GET /movies (anonymous'))
  if (base && list) console.log(`reference: bare detail ${base['req/s']} req/s, anonymous cached GET /movies ${list['req/s']} req/s (80 % = ${Math.round(Number(list['req/s']) * 0.8)})`)
} finally {
  baseline.kill('SIGTERM')
  await deleteUsers([light, heavy, follower, writer, ...raters])
  await pool.end()
}
