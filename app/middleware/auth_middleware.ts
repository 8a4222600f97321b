import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { Authenticators } from '@adonisjs/auth/types'
import { authFailure } from '#auth/guards/jwt_guard'

/**
 * Requires an authenticated user; failures become 401 envelopes, or the
 * guard's own error when it knows better (401 E_TOKEN_EXPIRED, 403
 * E_ACCOUNT_SUSPENDED, 403 on a failed CSRF check).
 */
export default class AuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { guards?: (keyof Authenticators)[] } = {}) {
    try {
      await ctx.auth.authenticateUsing(options.guards)
    } catch (error) {
      throw authFailure(ctx) ?? error
    }
    return next()
  }
}
