/*
|--------------------------------------------------------------------------
| Bench: personalised GET /me/recommendations (top-10) with the model in memory
|--------------------------------------------------------------------------
|
| Signs up bench users, has each rate 30 movies of the catalogue, then
| measures GET /api/v1/me/recommendations in two scenarios:
|   - cold: every request is a cache miss (each user × limit 8–12 once):
|     live state read, fold-in ranking on the in-memory model, visibility
|     check and MovieSummary fetch;
|   - warm: the same lists again (per-user cache hits; the state
|     fingerprint is still read live).
| Target: cold p50 <= 5 ms.
|
| 1. A database with the MovieLens catalogue and a trained model:
|      export PATH=$PWD/node_modules/.bin:$PATH
|      export DATABASE_URL=postgres://postgres@127.0.0.1:5432/marquee_bench
|      node ace migration:run --force
|      node ace movielens:import ../shared/data/ml-latest-small
|      node ace tmdb:import-dump ../shared/data/tmdb
|      node ace recommender:train
| 2. A server with the rate limits off (never the default) and quiet logs:
|      NODE_ENV=production RATE_LIMIT_ENABLED=false LOG_LEVEL=warn PORT=3412 \
|        node --import=@poppinss/ts-exec bin/server.ts
| 3. The bench:
|      node bench/recommendations.ts --app http://127.0.0.1:3412
|
| Options: --users (200), --connections (16), --duration seconds of the warm
| run (10). The bench users are deleted at the end. Exits non-zero when a
| request failed or the model does not look loaded.
|
*/

import { arg } from './support/cli.ts'
import { benchClient, bombard, random, type BenchUser, type Shape } from './support/http.ts'

const appUrl = arg('app', 'http://127.0.0.1:3333').replace(/\/+$/, '')
const userCount = Number(arg('users', '200'))
const connections = Number(arg('connections', '16'))
const duration = Number(arg('duration', '10'))
const RATINGS_PER_USER = 30
const LIMITS = [8, 9, 10, 11, 12]
const run = Date.now().toString(36)

const { api, must, signUp, deleteUsers } = benchClient(appUrl)

/** A bench user with a taste: a random slice of the pool, mostly liked (seeded by index, so two runs rate alike). */
async function signUpWithTaste(index: number, pool: number[]): Promise<BenchUser> {
  const user = await signUp(`bench_rec_${run}_${index}`)
  const next = random(index + 1)
  const start = Math.floor(next() * (pool.length - RATINGS_PER_USER))
  for (const movieId of pool.slice(start, start + RATINGS_PER_USER)) {
    const rating = Math.min(5, Math.max(0.5, Math.round((3 + next() * 2.5) * 2) / 2))
    await must(`/api/v1/movies/${movieId}/rating`, { method: 'PUT', token: user.token, body: { rating } })
  }
  return user
}

// Movies to rate: the catalogue's best known titles.
const pool: number[] = []
for (let page = 1; page <= 3; page++) {
  const response = await api(`/api/v1/movies/top-rated?per_page=100&page=${page}`)
  if (response.status !== 200) throw new Error(`GET /movies/top-rated failed: ${response.status}`)
  pool.push(...response.body.data.map((movie: { id: number }) => movie.id))
}
if (pool.length < RATINGS_PER_USER * 2) {
  throw new Error('The catalogue is too small: import MovieLens and train first (see the header of this file)')
}

console.log(`Signing up ${userCount} users with ${RATINGS_PER_USER} ratings each…`)
const users: BenchUser[] = []
for (let i = 0; i < userCount; i++) users.push(await signUpWithTaste(i, pool))

const rows: Record<string, string | number>[] = []
let failed = false
try {
  const probe = await api('/api/v1/me/recommendations', { token: users[0].token })
  const types = new Set((probe.body?.data ?? []).map((item: { reason: { type: string } }) => item.reason.type))
  if (!types.has('similar_to_liked') && !types.has('liked_by_similar_users')) {
    failed = true
    console.error('No collaborative reasons: is a model trained? Run `node ace recommender:train` first.')
  }

  // Cold: every (user, limit) pair exactly once → every request misses the cache.
  const pairs = users.flatMap((user) => LIMITS.map((limit) => ({ user, limit })))
  let cursor = 0
  let pair = pairs[0]
  // path() picks the pair, token() then sends as its user (see Shape).
  const shape: Shape = {
    path: () => {
      pair = pairs[cursor++ % pairs.length]
      return `/api/v1/me/recommendations?limit=${pair.limit}`
    },
    token: () => pair.user.token,
  }
  const cold = await bombard(appUrl, shape, { connections, amount: pairs.length })
  // Warm: the same lists again, for a while.
  const warm = await bombard(appUrl, shape, { connections, duration })
  for (const [name, result] of [
    ['cold (cache miss, fold-in ranking)', cold],
    ['warm (per-user cache hit)', warm],
  ] as const) {
    rows.push({
      scenario: name,
      requests: result.requests.total,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p90 ms': result.latency.p90,
      'p99 ms': result.latency.p99,
      'non-2xx': result.non2xx,
      errors: result.errors,
    })
    if (result.non2xx || result.errors) failed = true
  }
} finally {
  await deleteUsers(users)
}

console.table(rows)
if (failed) process.exitCode = 1
