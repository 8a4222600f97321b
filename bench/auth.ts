/*
|--------------------------------------------------------------------------
| Bench: POST /auth/login and authenticated GET /me at c=32
|--------------------------------------------------------------------------
|
| Compares an authenticated GET /me (JWT verify, session state and user row
| from the in-process auth cache, app/services/auth/local_auth_cache.ts,
| profile counters) with an anonymous cached GET /api/v1/genres,
| and measures sign-in (scrypt verification, session + refresh token rows).
| Target: GET /me at 80 % or more of the anonymous cached GET's rate.
|
| 1. A server with the rate limits off (never the default) and quiet logs,
|    against a migrated database (any catalogue; genres may be empty):
|      export PATH=$PWD/node_modules/.bin:$PATH
|      export DATABASE_URL=postgres://postgres@127.0.0.1:5432/marquee_bench
|      node ace migration:run --force
|      NODE_ENV=production RATE_LIMIT_ENABLED=false LOG_LEVEL=warn PORT=3411 \
|        node --import=@poppinss/ts-exec bin/server.ts
| 2. The bench:
|      node bench/auth.ts --app http://127.0.0.1:3411 --duration 10
|
| Options: --connections (32), --duration seconds (10), --users (32),
| --server-pid (the server's pid: adds its CPU µs per request, read from
| /proc, which is steadier than req/s on a shared machine). The bench signs
| up its own users through the API and deletes them at the end. Exits
| non-zero when a scenario had non-2xx answers.
|
| Measured 2026-11-21 (2 shared cores, other jobs running; server as in 1.
| on PORT=3413 with REDIS_DB=9, DATABASE_URL=…/marquee_bench):
|   node bench/auth.ts --app http://127.0.0.1:3413 --duration 10 --server-pid <pid>
|
|   scenario                                 req/s   p50   p99   server µs/req
|   GET /api/v1/genres (anonymous, cached)  16,315  1 ms  4 ms   61
|   GET /api/v1/genres (bearer)             14,472  2 ms  4 ms   69
|   GET /api/v1/me (bearer)                 13,455  2 ms  4 ms   74
|   POST /api/v1/auth/login                     72  410 ms 694 ms 25,698 (scrypt)
|
|   GET /me at 82 % of the anonymous cached GET (82 % per server CPU second);
|   a noisier run gave 11,520 / 9,521 / 9,466 req/s: also 82 % (84 % by CPU).
|   Before the in-process auth cache (same machine, same hour, alternating
|   runs): GET /me 5,888-7,326 req/s = 51-61 %, 103-108 µs/req against 61.
|
| Re-measured at the end of the session (server on PORT=3423, REDIS_DB=9,
| another test run on the machine): anonymous 12,362 req/s (62 µs/req),
| bearer /genres 9,767 (74 µs), GET /me 13,336 (75 µs), login 41: GET /me at
| 108 % by rate and 83 % per server CPU second (the steadier figure).
|
*/

import { readFileSync } from 'node:fs'
import type autocannon from 'autocannon'
import { arg } from './support/cli.ts'
import { benchClient, bombard, PASSWORD, type BenchUser, type Shape } from './support/http.ts'

const appUrl = arg('app', 'http://127.0.0.1:3333').replace(/\/+$/, '')
const duration = Number(arg('duration', '10'))
const connections = Number(arg('connections', '32'))
const userCount = Number(arg('users', '32'))
const serverPid = arg('server-pid', '')
const run = Date.now().toString(36)

/**
 * CPU time (µs) the server process has used, from /proc: per-request CPU is
 * steadier than req/s when other processes share the cores.
 */
function serverCpuMicros() {
  if (!serverPid) return undefined
  const fields = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ')
  // utime and stime, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10_000
}

const { signUp, deleteUsers } = benchClient(appUrl)

/** The same load for the warm-up and the measured run. */
const measure = (shape: Shape, seconds = duration) => bombard(appUrl, shape, { connections, duration: seconds })

const users: BenchUser[] = []
for (let i = 0; i < userCount; i++) users.push(await signUp(`bench_${run}_${i}`))

let next = 0
const rows: Record<string, string | number>[] = []
const results: Record<string, autocannon.Result> = {}
try {
  // Each request takes the next bench user, round-robin.
  const nextUser = () => users[next++ % users.length]
  const scenarios: [string, Shape][] = [
    ['GET /api/v1/genres (anonymous, cached)', { path: () => '/api/v1/genres' }],
    // The same cached body with a token: what authentication alone costs.
    ['GET /api/v1/genres (bearer)', { path: () => '/api/v1/genres', token: () => nextUser().token }],
    ['GET /api/v1/me (bearer)', { path: () => '/api/v1/me', token: () => nextUser().token }],
    [
      'POST /api/v1/auth/login',
      {
        method: 'POST',
        path: () => '/api/v1/auth/login',
        body: () => JSON.stringify({ login: nextUser().username, password: PASSWORD }),
      },
    ],
  ]

  for (const [name, shape] of scenarios) {
    // A short warm-up fills caches and connection pools.
    await measure(shape, 2)
    const cpuBefore = serverCpuMicros()
    const result = await measure(shape)
    const cpuAfter = serverCpuMicros()
    results[name] = result
    rows.push({
      scenario: name,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      ...(cpuBefore === undefined
        ? {}
        : { 'server µs/req': Math.round((cpuAfter! - cpuBefore) / result.requests.total) }),
      'non-2xx': result.non2xx,
      errors: result.errors,
    })
  }
} finally {
  // Each login opened a session; deleting the bench users removes them all.
  await deleteUsers(users)
}

console.table(rows)
const anonymous = results['GET /api/v1/genres (anonymous, cached)'].requests.average
const percent = (name: string) => Math.round((results[name].requests.average / anonymous) * 100)
console.log(`GET /genres with a token runs at ${percent('GET /api/v1/genres (bearer)')} % of the anonymous one.`)
console.log(
  `GET /me runs at ${percent('GET /api/v1/me (bearer)')} % of the anonymous cached GET (target: 80 % or more).`
)
if (serverPid) {
  const cpu = (scenario: string) => Number(rows.find((row) => row.scenario === scenario)!['server µs/req'])
  const anonymousCpu = cpu('GET /api/v1/genres (anonymous, cached)')
  const share = (scenario: string) => Math.round((anonymousCpu / cpu(scenario)) * 100)
  console.log(
    `Per server CPU second, GET /me serves ${share('GET /api/v1/me (bearer)')} % as many requests as the ` +
      `anonymous GET (GET /genres with a token: ${share('GET /api/v1/genres (bearer)')} %).`
  )
}
process.exitCode = Object.values(results).some((result) => result.non2xx > 0 || result.errors > 0) ? 1 : 0
