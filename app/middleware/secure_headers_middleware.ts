import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import app from '@adonisjs/core/services/app'
import { frameGuardFactory, hstsFactory, noSniffFactory } from '@adonisjs/shield/guards'

/**
 * Shield's header guards for every response, API and 404s included. The full
 * shield middleware (with CSRF, which needs a session) runs on /admin only:
 * the JSON API is token-authenticated and must not mint session cookies.
 */
const guards = [
  frameGuardFactory({ enabled: true, action: 'DENY' }),
  noSniffFactory({ enabled: true }),
  hstsFactory({ enabled: app.inProduction, maxAge: '180 days', includeSubDomains: true }),
]

export default class SecureHeadersMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    for (const guard of guards) await guard(ctx)
    ctx.response.header('Referrer-Policy', 'no-referrer')
    ctx.response.header('Cross-Origin-Resource-Policy', 'same-site')
    ctx.response.header('X-Request-Id', ctx.request.id() ?? '')
    return next()
  }
}
