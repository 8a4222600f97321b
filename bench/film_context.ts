/*
|--------------------------------------------------------------------------
| Bench: a film in context (issue 15), one table, one run
|--------------------------------------------------------------------------
|
| GET /movies/:id/stats on random ids (first pass: every id once, each a
| cache miss after a restart; then warm) and GET /me/calendar for a user
| with a watchlist, side by side with the anonymous cached GET /movies that
| they must stay close to, each row at c=32, 10 s after a 3 s warm-up.
|
| It boots nothing of the app: it talks HTTP to a running production build
| and reads movie ids / checks the histograms with plain SQL on DATABASE_URL.
|
|   export PATH=$PWD/node_modules/.bin:$PATH
|   export DATABASE_URL=postgres://postgres@127.0.0.1:5432/marquee_speed REDIS_DB=7 QUEUE_PREFIX=marquee-speed
|   node ace migration:run --force
|   node ace movielens:import ../shared/data/ml-latest-small && node ace tmdb:import-dump ../shared/data/tmdb
|   node ace build && cd build && cp -a ../node_modules ../.env . && \
|     NODE_ENV=production RATE_LIMIT_ENABLED=false LOG_LEVEL=warn PORT=3414 node bin/server.js &
|   node bench/film_context.ts --app http://127.0.0.1:3414
|
| Options: --duration (10), --warmup (3), --connections (32), --cold (2000:
| ids of the first-pass row), --only <substring> to run the rows whose name
| contains it.
*/
import os from 'node:os'
import pg from 'pg'
import { arg } from './support/cli.ts'
import { benchClient, bombard, parallel, random, type Shape } from './support/http.ts'

const appUrl = arg('app', 'http://127.0.0.1:3414').replace(/\/+$/, '')
const duration = Number(arg('duration', '10'))
const warmup = Number(arg('warmup', '3'))
const connections = Number(arg('connections', '32'))
const coldCount = Number(arg('cold', '2000'))
const only = arg('only', '')
const run = Date.now().toString(36)
const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

// Deterministic, so two runs ask for the same sequence.
const next = random(15)
const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]

const { must, signUp: signUpAs, deleteUsers } = benchClient(appUrl)
const signUp = (name: string) => signUpAs(`fc_${run}_${name}`)

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 })
const ids: number[] = (
  await pool.query('SELECT id FROM movies WHERE NOT is_hidden AND NOT adult ORDER BY id')
).rows.map((row) => row.id as number)
if (ids.length < 100) throw new Error('The catalogue is empty: import it first (see the header of this file)')
const health = await fetch(`${appUrl}/health`).catch(() => null)
if (!health) throw new Error(`No server at ${appUrl}: start one (see the header of this file)`)

// The calendar user: movies released around now (else any) and series airing soon on their watchlists.
const releasing: number[] = (
  await pool.query(
    `SELECT id FROM movies WHERE NOT is_hidden AND NOT adult AND release_date IS NOT NULL
      ORDER BY abs(release_date - current_date), id LIMIT 100`
  )
).rows.map((row) => row.id as number)
// The 90 days up to the newest of those releases: a window with entries even on an old catalogue.
const newest: string = (
  await pool.query(
    `SELECT to_char(max(release_date), 'YYYY-MM-DD') AS day FROM movies WHERE id = ANY($1::int[])`,
    [releasing]
  )
).rows[0].day ?? isoDay(0)
const windowFrom = new Date(Date.parse(newest) - 90 * 86_400_000).toISOString().slice(0, 10)
const airing: number[] = (
  await pool.query(
    `SELECT s.id FROM series s WHERE NOT s.is_hidden AND NOT s.adult
      ORDER BY (SELECT min(abs(e.air_date - current_date)) FROM episodes e WHERE e.series_id = s.id) NULLS LAST, s.id LIMIT 20`
  )
).rows.map((row) => row.id as number)

console.log(`[bench] ${ids.length} movies; preparing a calendar user (${releasing.length} movies, ${airing.length} series)…`)
const planner = await signUp('planner')
await parallel(releasing, 8, async (movieId, i) => {
  await must(`/api/v1/me/${i % 4 === 0 ? 'favorites' : 'watchlist'}/${movieId}`, { method: 'PUT', token: planner.token })
})
await parallel(airing, 4, async (seriesId) => {
  await must(`/api/v1/me/watchlist/series/${seriesId}`, { method: 'PUT', token: planner.token })
})
const calendarSize = async (query: string) =>
  (await must(`/api/v1/me/calendar?per_page=1${query}`, { token: planner.token })).meta.total as number
console.log(
  `[bench] ready (calendar entries: ${await calendarSize('')} in the default window, ` +
    `${await calendarSize(`&from=${windowFrom}&to=${newest}`)} in ${windowFrom}..${newest})`
)

interface Row {
  name: string
  shape: Shape
  /** Each request once (first requests), no warm-up. */
  amount?: number
}
const coldIds = [...ids].sort(() => next() - 0.5).slice(0, coldCount)
let coldCursor = 0
const rows: Row[] = [
  { name: 'GET /movies (anonymous, cached)', shape: { path: () => `/api/v1/movies?page=${1 + Math.floor(next() * 5)}` } },
  {
    name: `GET /movies/:id/stats first pass (${coldIds.length} ids once)`,
    shape: { path: () => `/api/v1/movies/${coldIds[coldCursor++ % coldIds.length]}/stats` },
    amount: coldIds.length,
  },
  { name: 'GET /movies/:id/stats (random ids)', shape: { path: () => `/api/v1/movies/${pick(ids)}/stats` } },
  {
    name: 'GET /movies/:id/stats (random ids, with token)',
    shape: { path: () => `/api/v1/movies/${pick(ids)}/stats`, token: () => planner.token },
  },
  { name: 'GET /me/calendar (default window)', shape: { path: () => '/api/v1/me/calendar', token: () => planner.token } },
  {
    name: 'GET /me/calendar (90 days up to the newest release, per_page=100)',
    shape: { path: () => `/api/v1/me/calendar?from=${windowFrom}&to=${newest}&per_page=100`, token: () => planner.token },
  },
]

const table: Record<string, string | number>[] = []
try {
  for (const row of rows) {
    if (only && !row.name.includes(only)) continue
    if (!row.amount && warmup > 0) await bombard(appUrl, row.shape, { duration: warmup, connections })
    const load = os.loadavg()[0]
    const result = await bombard(appUrl, row.shape, { duration, amount: row.amount, connections })
    table.push({
      request: row.name,
      c: connections,
      'req/s': Math.round(row.amount ? result.requests.total / result.duration : result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      'non-2xx': result.non2xx + result.errors + result.timeouts,
      'load 1m': load.toFixed(1),
    })
    process.stdout.write('.')
  }
  console.log('')
  console.table(table)
  // The trigger-kept histograms must equal the ratings table.
  const drift = await pool.query(`
    SELECT count(*)::int AS movies FROM movies m
      LEFT JOIN (SELECT movie_id, array_agg(n ORDER BY bucket) AS h FROM (
        SELECT movie_id, b AS bucket, count(r.movie_id) FILTER (WHERE (r.rating * 2)::int = b)::int AS n
          FROM ratings r CROSS JOIN generate_series(1, 10) b GROUP BY movie_id, b) x GROUP BY movie_id) r ON r.movie_id = m.id
     WHERE m.rating_histogram IS DISTINCT FROM coalesce(r.h, '{0,0,0,0,0,0,0,0,0,0}'::int[])`)
  console.log(`histograms: ${drift.rows[0].movies === 0 ? 'exact (every movie equals its ratings)' : `${drift.rows[0].movies} movies DRIFTED`}`)
  const list = table.find((row) => String(row.request).startsWith('GET /movies (anonymous'))
  const stats = table.find((row) => String(row.request) === 'GET /movies/:id/stats (random ids)')
  if (list && stats) {
    console.log(
      `stats vs cached catalogue: ${stats['req/s']} / ${list['req/s']} req/s = ${Math.round((100 * Number(stats['req/s'])) / Number(list['req/s']))} %`
    )
  }
} finally {
  await deleteUsers([planner])
  await pool.end()
}
