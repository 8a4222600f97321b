/*
|--------------------------------------------------------------------------
| What the HTTP benches share: flags, a JSON client, bench users, load
|--------------------------------------------------------------------------
|
| The benches talk to a running server over HTTP only (they boot nothing of
| the app), sign up their own users through the API and delete them at the
| end. A 429 anywhere means the server runs with its rate limits on, which
| would measure the limiter: every call here stops the bench then.
*/
import autocannon from 'autocannon'

/** The password of every bench user (they are deleted at the end of a run). */
export const PASSWORD = 'bench-password-not-secret'

/** The rating scale, for benches that rate. */
export const HALF_STEPS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]

/** A bench user signed up through the API. */
export interface BenchUser {
  id: number
  username: string
  token: string
}

export interface CallOptions {
  method?: string
  body?: unknown
  token?: string
}

/** Deterministic PRNG (an LCG), so two runs make the same choices. */
export function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296
  }
}

/** Runs `task` over `items` with at most `width` in flight. */
export async function parallel<T>(items: T[], width: number, task: (item: T, index: number) => Promise<unknown>) {
  let cursor = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (cursor < items.length) {
        const index = cursor++
        await task(items[index], index)
      }
    })
  )
}

/** A JSON client of the server at `appUrl`, with the bench-user life cycle. */
export function benchClient(appUrl: string) {
  async function api(path: string, init: CallOptions = {}) {
    const response = await fetch(`${appUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    const text = await response.text()
    if (response.status === 429) {
      throw new Error('Rate limited: start the server with RATE_LIMIT_ENABLED=false (see the header of the bench)')
    }
    return { status: response.status, body: text ? JSON.parse(text) : null }
  }

  /** `api`, and the body of a 2xx answer; anything else stops the bench. */
  async function must(path: string, init: CallOptions = {}) {
    const response = await api(path, init)
    if (response.status >= 300) {
      throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(response.body)}`)
    }
    return response.body
  }

  async function signUp(username: string): Promise<BenchUser> {
    const body = await must('/api/v1/auth/register', {
      method: 'POST',
      body: { username, email: `${username}@bench.invalid`, password: PASSWORD, password_confirmation: PASSWORD },
    })
    return { id: body.user.id as number, username, token: body.access_token as string }
  }

  /** Deletes the bench users (and with them their sessions and rows); a failed delete does not stop the others. */
  async function deleteUsers(users: { token: string }[]) {
    for (const user of users) {
      await api('/api/v1/auth/account', { method: 'DELETE', token: user.token, body: { password: PASSWORD } }).catch(
        () => null
      )
    }
  }

  return { api, must, signUp, deleteUsers }
}

/**
 * One kind of request, built afresh for each one sent: `path()` is called
 * first, then `token()` and `body()`, so a `path()` that picks a user may
 * leave it for `token()`.
 */
export interface Shape {
  method?: string
  path: () => string
  token?: () => string
  body?: () => string
}

/** Load with autocannon: for `duration` seconds, or `amount` requests then stop. */
export function bombard(
  url: string,
  shape: Shape,
  options: { connections: number; duration?: number; amount?: number }
) {
  return autocannon({
    url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
    requests: [
      {
        method: (shape.method ?? 'GET') as 'GET',
        setupRequest: (request) => ({
          ...request,
          path: shape.path(),
          headers: {
            ...request.headers,
            ...(shape.token ? { authorization: `Bearer ${shape.token()}` } : {}),
            ...(shape.body ? { 'content-type': 'application/json' } : {}),
          },
          ...(shape.body ? { body: shape.body() } : {}),
        }),
      },
    ],
  })
}
