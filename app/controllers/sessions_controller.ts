import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ApiException from '#exceptions/api_exception'
import { authCookies } from '#services/auth/auth_cookies'
import LoginSessionService from '#services/auth/login_sessions'
import SessionTransformer from '#transformers/session_transformer'

@inject()
export default class SessionsController {
  constructor(protected loginSessions: LoginSessionService) {}

  async index(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const current = ctx.auth.use('jwt').getSessionIdOrFail()
    const sessions = await this.loginSessions.list(user.id)
    return { data: sessions.map((session) => SessionTransformer.view(session, current)) }
  }

  /** Another user's session is a 404, exactly like one that does not exist. */
  async destroy(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const session = await this.loginSessions.findOwned(user.id, Number(ctx.params.id))
    if (!session) throw ApiException.notFound('Session not found')
    await this.loginSessions.revoke(session.id, 'revoked')
    if (session.id === ctx.auth.use('jwt').getSessionIdOrFail()) authCookies.clear(ctx)
    return ctx.response.noContent()
  }
}
