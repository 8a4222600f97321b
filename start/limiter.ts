/*
|--------------------------------------------------------------------------
| Named rate limits
|--------------------------------------------------------------------------
|
| The contract's per-minute limits. Each is configurable through the
| environment; RATE_LIMIT_ENABLED=false switches them all off for load
| benchmarks (never the default). A route gets exactly one: the tightest
| that applies to it.
|
*/

import env from '#start/env'

export type RateLimitName = 'auth' | 'refresh' | 'search' | 'default' | 'admin_login'

export interface RateLimitPolicy {
  requests: number
  /** `ip`: always per client address; `user`: per user, or per IP when anonymous. */
  by: 'ip' | 'user'
}

export const rateLimitsEnabled = env.get('RATE_LIMIT_ENABLED', true)

export const rateLimits: Record<RateLimitName, RateLimitPolicy> = {
  auth: { requests: env.get('RATE_LIMIT_AUTH', 5), by: 'ip' },
  refresh: { requests: env.get('RATE_LIMIT_REFRESH', 30), by: 'ip' },
  search: { requests: env.get('RATE_LIMIT_SEARCH', 30), by: 'user' },
  default: { requests: env.get('RATE_LIMIT_DEFAULT', 100), by: 'user' },
  /** Admin panel sign-in attempts per IP (session login, /admin/login). */
  admin_login: { requests: env.get('RATE_LIMIT_ADMIN_LOGIN', 5), by: 'ip' },
}
