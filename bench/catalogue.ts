/*
 * Catalogue benchmark: autocannon at c=32 against the app and against the
 * bare node:http + pg baseline (bench/baseline_server.ts), side by side.
 *
 * Prerequisites: an imported catalogue (node ace movielens:import …, node ace
 * tmdb:import-dump …) and the app running without rate limits, e.g.
 *
 *   export PATH=$PWD/node_modules/.bin:$PATH DATABASE_URL=postgres://postgres@127.0.0.1:5432/marquee
 *   node ace build && (cd build && cp ../.env . && RATE_LIMIT_ENABLED=false LOG_LEVEL=warn NODE_ENV=production node bin/server.js &)
 *   node bench/catalogue.ts --app http://127.0.0.1:3333 --duration 10
 *
 * The script starts the baseline itself (port 3399, same DATABASE_URL).
 */
import { spawn } from 'node:child_process'
import autocannon from 'autocannon'
import pg from 'pg'
import { arg } from './support/cli.ts'

const appUrl = arg('app', 'http://127.0.0.1:3333')
const duration = Number(arg('duration', '10'))
const connections = Number(arg('connections', '32'))
const baselineUrl = 'http://127.0.0.1:3399'

async function movieIds() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
  const result = await pool.query('SELECT id FROM movies WHERE NOT is_hidden AND NOT adult ORDER BY popularity DESC LIMIT 500')
  await pool.end()
  return result.rows.map((row) => row.id as number)
}

const searches = ['matrx', 'godfater', 'star wars', 'toy story', 'pulp', 'batman', 'lord of the rings', 'alien']

function run(url: string, paths: string[]) {
  let i = 0
  return autocannon({
    url,
    connections,
    duration,
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[i++ % paths.length] }) }],
  })
}

const ids = await movieIds()
if (!ids.length) {
  console.error('The catalogue is empty: import it first (see the header of this file).')
  process.exit(1)
}
const scenarios: [string, string[]][] = [
  ['GET /movies', [1, 2, 3, 4, 5].map((p) => `/api/v1/movies?page=${p}`)],
  ['GET /movies/:id', ids.map((id) => `/api/v1/movies/${id}`)],
  ['GET /movies/search', searches.map((q) => `/api/v1/movies/search?q=${encodeURIComponent(q)}`)],
  ['GET /movies/popular', [1, 2, 3].map((p) => `/api/v1/movies/popular?page=${p}`)],
]

const baseline = spawn(process.execPath, ['bench/baseline_server.ts', '--port', '3399'], {
  stdio: 'inherit',
  env: process.env,
})
await new Promise((resolve) => setTimeout(resolve, 1500))

const rows = []
try {
  for (const [name, paths] of scenarios) {
    // Warm both (fills the app's cache, the baseline's plan cache).
    await run(appUrl, paths).then(() => undefined)
    const app = await run(appUrl, paths)
    const base = await run(baselineUrl, paths)
    rows.push({
      endpoint: name,
      'app req/s': Math.round(app.requests.average),
      'app p50 ms': app.latency.p50,
      'app p99 ms': app.latency.p99,
      'baseline req/s': Math.round(base.requests.average),
      'baseline p99 ms': base.latency.p99,
      'app/baseline': `${Math.round((app.requests.average / base.requests.average) * 100)} %`,
      'non-2xx': app.non2xx,
    })
  }
} finally {
  baseline.kill('SIGTERM')
}
console.table(rows)
