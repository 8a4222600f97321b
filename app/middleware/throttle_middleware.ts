import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import limiter from '@adonisjs/limiter/services/main'
import { rateLimits, rateLimitsEnabled, type RateLimitName } from '#start/limiter'
import { noteOutage, unavailableDependency } from '#exceptions/dependency_outage'

/**
 * Runs before authentication. Applies one named limit of `start/limiter.ts` through @adonisjs/limiter and
 * writes the X-RateLimit-* headers before the route runs, so error responses
 * carry them too. Over the limit, the limiter throws E_TOO_MANY_REQUESTS,
 * which the exception handler turns into a 429 envelope with Retry-After.
 */
export default class ThrottleMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { limit?: RateLimitName } = {}) {
    if (!rateLimitsEnabled) return next()

    const name = options.limit ?? 'default'
    const policy = rateLimits[name]
    // check() never throws: bad credentials are refused later by the auth
    // middleware, and that 401 still carries the rate-limit headers.
    const userId = policy.by === 'user' && (await ctx.auth.check()) ? ctx.auth.user?.id : undefined
    const key = userId ? `user:${userId}` : `ip:${ctx.request.ip()}`

    // Auth routes each get their own 5/IP budget (login does not eat register's).
    const bucket = name === 'auth' ? `auth:${ctx.route?.name ?? ctx.request.url()}` : name
    const limit = () => limiter.allowRequests(policy.requests).every('1 minute').usingKey(key)
    let response
    try {
      response = await limit().throttle(bucket, ctx)
    } catch (error) {
      if (unavailableDependency(error) !== 'redis') throw error
      // Redis is down: per-process limits meanwhile rather than none (or a 503).
      noteOutage('redis', error)
      response = await limit().store('memory').throttle(bucket, ctx)
    }

    ctx.response.header('X-RateLimit-Limit', response.limit)
    ctx.response.header('X-RateLimit-Remaining', response.remaining)
    ctx.response.header('X-RateLimit-Reset', response.availableIn)
    return next()
  }
}
