import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Public endpoints: authenticate when credentials are sent, so responses
 * can add per-user fields. A request without credentials stays anonymous;
 * one with bad credentials is refused (the client should refresh or drop them).
 */
export default class SilentAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.request.header('authorization')) {
      await ctx.auth.authenticate()
    }
    return next()
  }
}
