/*
|--------------------------------------------------------------------------
| Bench: PUT /movies/:id/rating at c=32 from 500 distinct users
|--------------------------------------------------------------------------
|
| Hammers the rating upsert (INSERT … ON CONFLICT, aggregates trigger,
| catalogue cache invalidation) and then counts the ratings table: every
| user must end with exactly one row, and the movie's rating_count /
| rating_sum must equal what the table holds (no lost, no duplicated rating).
|
| 1. A database for the bench, migrated:
|      export DATABASE_URL=postgres://postgres@127.0.0.1:5432/marquee_bench
|      node ace migration:run --force
| 2. A server with the rate limits off (never the default), quiet logs:
|      NODE_ENV=production RATE_LIMIT_ENABLED=false LOG_LEVEL=warn PORT=3410 \
|        node --import=@poppinss/ts-exec bin/server.ts
| 3. The bench, against that server and the same database and Redis:
|      BENCH_URL=http://127.0.0.1:3410 node --import=@poppinss/ts-exec bench/ratings.ts
|
| Options (environment): BENCH_USERS (500), BENCH_CONNECTIONS (32),
| BENCH_REQUESTS (5 per user), BENCH_KEEP=1 keeps the bench users and movie.
| Exits non-zero when a request failed or the table does not add up.
|
| Measured (2 vCPUs shared with other work, one server process, PostgreSQL
| and Redis on the same box; every request updates the same movie row):
|   2,500 requests:  500 req/s, p50 55 ms, p99 229 ms, 0 failed
|   10,000 requests: 625 req/s, p50 45 ms, p99 109 ms, 0 failed
|   both: 500 rows for 500 users, rating_count/rating_sum equal to the table.
|
*/

import { bootConsoleApp } from './support/console_app.js'

const BENCH_URL = process.env.BENCH_URL ?? 'http://127.0.0.1:3410'
const USERS = Number(process.env.BENCH_USERS ?? 500)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? USERS * 5)
const KEEP = process.env.BENCH_KEEP === '1'
const HALF_STEPS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]

const app = await bootConsoleApp()

const { default: autocannon } = await import('autocannon')
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: hash } = await import('@adonisjs/core/services/hash')
const { default: User } = await import('#models/user')
const { default: Movie } = await import('#models/movie')

let exitCode = 0
try {
  const health = await fetch(`${BENCH_URL}/health`).catch(() => null)
  if (!health) throw new Error(`No server at ${BENCH_URL}: start one (see the top of bench/ratings.ts)`)

  const run = Date.now().toString(36)
  process.stdout.write(`[bench] creating ${USERS} users and their tokens… `)
  const password = await hash.make('bench-password-123')
  const rows = Array.from({ length: USERS }, (_, i) => ({
    username: `bench_${run}_${i}`,
    email: `bench_${run}_${i}@bench.test`,
    password,
    display_name: `Bench ${i}`,
  }))
  const ids: number[] = []
  for (let i = 0; i < rows.length; i += 250) {
    const inserted = await db.table('users').multiInsert(rows.slice(i, i + 250)).returning('id')
    ids.push(...inserted.map((row: { id: number }) => row.id))
  }
  const users = await User.query().whereIn('id', ids).orderBy('id')
  const auth = await app.container.make('auth.manager')
  const guard = auth.createAuthenticatorClient().use()
  const tokens: string[] = []
  for (let i = 0; i < users.length; i += 25) {
    const batch = await Promise.all(users.slice(i, i + 25).map((user) => guard.authenticateAsClient(user)))
    tokens.push(...batch.map((client) => String(client.headers!.authorization)))
  }
  const movie = await Movie.create({ title: `Bench movie ${run}`, popularity: 0, voteAverage: 0, voteCount: 0 })
  console.log('done')

  let sent = 0
  console.log(`[bench] PUT ${BENCH_URL}/api/v1/movies/${movie.id}/rating: ${REQUESTS} requests, c=${CONNECTIONS}`)
  const result = await autocannon({
    url: BENCH_URL,
    connections: CONNECTIONS,
    amount: REQUESTS,
    requests: [
      {
        method: 'PUT',
        path: `/api/v1/movies/${movie.id}/rating`,
        setupRequest: (request) => {
          const index = sent++
          const user = index % tokens.length
          return {
            ...request,
            headers: { ...request.headers, 'authorization': tokens[user], 'content-type': 'application/json' },
            body: JSON.stringify({ rating: HALF_STEPS[(user + Math.floor(index / tokens.length)) % HALF_STEPS.length] }),
          }
        },
      },
    ],
  })

  // Count what the database holds.
  const [counts] = await db
    .from('ratings')
    .where('movie_id', movie.id)
    .select(db.raw('count(*)::int AS rows'), db.raw('count(DISTINCT user_id)::int AS users'), db.raw('coalesce(sum(rating), 0)::float AS sum'))
  const aggregate = await Movie.findOrFail(movie.id)
  const ok2xx = result['2xx']
  const failures = result.non2xx + result.errors + result.timeouts

  console.log('')
  console.log(`requests      ${result.requests.total} (${ok2xx} 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`)
  console.log(`throughput    ${result.requests.average.toFixed(0)} req/s average over ${result.duration.toFixed(1)} s`)
  console.log(`latency       p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`)
  console.log(`ratings rows  ${counts.rows} for ${counts.users} distinct users (expected ${USERS})`)
  console.log(`aggregates    rating_count ${aggregate.ratingCount}, rating_sum ${aggregate.ratingSum} (table: ${counts.rows}, ${counts.sum})`)

  const problems = [
    failures > 0 && `${failures} failed requests`,
    counts.rows !== USERS && `expected ${USERS} rating rows, found ${counts.rows} (lost or duplicated ratings)`,
    counts.users !== counts.rows && 'a user has more than one rating row',
    aggregate.ratingCount !== counts.rows && 'movies.rating_count does not match the ratings table',
    Math.abs(aggregate.ratingSum - counts.sum) > 1e-9 && 'movies.rating_sum does not match the ratings table',
  ].filter(Boolean)
  if (problems.length) {
    exitCode = 1
    console.error(`\n[bench] FAILED: ${problems.join('; ')}`)
  } else {
    console.log('\n[bench] OK: one rating per user, aggregates consistent, no failed request')
  }

  if (!KEEP) {
    await Movie.query().where('id', movie.id).delete()
    await User.query().whereIn('id', ids).delete()
  }
} catch (error) {
  exitCode = 1
  console.error(`[bench] ${(error as Error).message}`)
} finally {
  await app.terminate()
  process.exit(exitCode)
}
