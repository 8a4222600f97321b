import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { authFailure } from '#auth/guards/jwt_guard'
import { authCookies } from '#services/auth/auth_cookies'

/**
 * Public endpoints: authenticate when credentials are sent (bearer token or,
 * in cookie mode, the access_token cookie), so responses can add per-user
 * fields. A request without credentials stays anonymous; one with bad
 * credentials is refused (the client should refresh or drop them).
 *
 * The auth routes are skipped: signing in, refreshing or resetting must work
 * while an expired token is still attached, and those that need a user run
 * the auth middleware themselves.
 */
export default class SilentAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.route?.name?.startsWith('api.auth.')) return next()
    if (ctx.request.header('authorization') || authCookies.accessToken(ctx)) {
      try {
        await ctx.auth.authenticate()
      } catch (error) {
        throw authFailure(ctx) ?? error
      }
    }
    return next()
  }
}
