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

import autocannon from 'autocannon'

const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index > 0 ? process.argv[index + 1] : fallback
}
const appUrl = arg('app', 'http://127.0.0.1:3333').replace(/\/+$/, '')
const userCount = Number(arg('users', '200'))
const connections = Number(arg('connections', '16'))
const duration = Number(arg('duration', '10'))
const RATINGS_PER_USER = 30
const LIMITS = [8, 9, 10, 11, 12]
const PASSWORD = 'bench-password-not-secret'

interface BenchUser {
  accessToken: string
}

async function api(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const response = await fetch(`${appUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

/** Deterministic PRNG, so two runs rate the same movies. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296
  }
}

async function signUp(index: number, pool: number[]): Promise<BenchUser> {
  const username = `bench_rec_${Date.now().toString(36)}_${index}`
  const response = await api('/api/v1/auth/register', {
    method: 'POST',
    body: { username, email: `${username}@bench.invalid`, password: PASSWORD, password_confirmation: PASSWORD },
  })
  if (response.status === 429) {
    throw new Error('Rate limited: start the server with RATE_LIMIT_ENABLED=false (see the header of this file)')
  }
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`)
  const token = response.body.access_token as string
  // A taste: a random slice of the pool, mostly liked.
  const next = random(index + 1)
  const start = Math.floor(next() * (pool.length - RATINGS_PER_USER))
  for (const movieId of pool.slice(start, start + RATINGS_PER_USER)) {
    const rating = Math.min(5, Math.max(0.5, Math.round((3 + next() * 2.5) * 2) / 2))
    const rated = await api(`/api/v1/movies/${movieId}/rating`, { method: 'PUT', token, body: { rating } })
    if (rated.status >= 300) throw new Error(`rating failed: ${rated.status} ${JSON.stringify(rated.body)}`)
  }
  return { accessToken: token }
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
for (let i = 0; i < userCount; i++) users.push(await signUp(i, pool))

const rows: Record<string, string | number>[] = []
let failed = false
try {
  const probe = await api('/api/v1/me/recommendations', { token: users[0].accessToken })
  const types = new Set((probe.body?.data ?? []).map((item: { reason: { type: string } }) => item.reason.type))
  if (!types.has('similar_to_liked') && !types.has('liked_by_similar_users')) {
    failed = true
    console.error('No collaborative reasons: is a model trained? Run `node ace recommender:train` first.')
  }

  // Cold: every (user, limit) pair exactly once → every request misses the cache.
  const pairs = users.flatMap((user) => LIMITS.map((limit) => ({ user, limit })))
  let cursor = 0
  const cold = await autocannon({
    url: appUrl,
    connections,
    amount: pairs.length,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const { user, limit } = pairs[cursor++ % pairs.length]
          return {
            ...request,
            path: `/api/v1/me/recommendations?limit=${limit}`,
            headers: { ...request.headers, authorization: `Bearer ${user.accessToken}` },
          }
        },
      },
    ],
  })
  // Warm: the same lists again, for a while.
  const warm = await autocannon({
    url: appUrl,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const { user, limit } = pairs[cursor++ % pairs.length]
          return {
            ...request,
            path: `/api/v1/me/recommendations?limit=${limit}`,
            headers: { ...request.headers, authorization: `Bearer ${user.accessToken}` },
          }
        },
      },
    ],
  })
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
  for (const user of users) {
    await api('/api/v1/auth/account', { method: 'DELETE', token: user.accessToken, body: { password: PASSWORD } })
  }
}

console.table(rows)
if (failed) process.exitCode = 1
