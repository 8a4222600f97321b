import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { SessionPlatform } from '#models/login_session'
import { AuthErrors } from '#exceptions/auth_errors'
import AccountService from '#services/auth/accounts'
import { authCookies } from '#services/auth/auth_cookies'
import LoginSessionService, { type ClientInfo, type TokenPair } from '#services/auth/login_sessions'
import ProfileService from '#services/profile/profiles'
import UserTransformer from '#transformers/user_transformer'
import type User from '#models/user'
import { loginValidator, refreshValidator, registerValidator } from '#validators/auth'
import AuthTransformer from '#transformers/auth_transformer'
import TwoFactorTransformer from '#transformers/two_factor_transformer'

export function clientInfo(
  ctx: HttpContext,
  input: { device_name?: string; platform?: SessionPlatform } = {}
): ClientInfo {
  return {
    ip: ctx.request.ip(),
    userAgent: ctx.request.header('user-agent') ?? null,
    deviceName: input.device_name ?? null,
    platform: input.platform ?? null,
  }
}

/** `{user, access_token, refresh_token, expires_in}`, plus cookies in cookie mode. */
export async function signedIn(profiles: ProfileService, ctx: HttpContext, user: User, tokens: TokenPair, cookie?: boolean) {
  if (cookie) authCookies.set(ctx, tokens)
  return AuthTransformer.signedIn(UserTransformer.profile(user, await profiles.load(user)), tokens)
}

@inject()
export default class AuthController {
  constructor(
    protected profiles: ProfileService,
    protected accounts: AccountService,
    protected loginSessions: LoginSessionService
  ) {}

  async register(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(registerValidator)
    const { user, tokens } = await this.accounts.register(
      {
        username: input.username,
        email: input.email,
        password: input.password,
        displayName: input.display_name,
        firstName: input.first_name,
        lastName: input.last_name,
        birthDate: input.birth_date,
        genreIds: input.genre_ids,
      },
      clientInfo(ctx, input)
    )
    return ctx.response.created(await signedIn(this.profiles, ctx, user, tokens, input.cookie))
  }

  async login(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(loginValidator)
    const outcome = await this.accounts.login(input.login, input.password, clientInfo(ctx, input), input.cookie)
    // Two-factor sign-in on: no tokens (and no cookies) until POST /auth/2fa/verify.
    if (outcome.kind === 'two_factor') return TwoFactorTransformer.challenge(outcome.challenge)
    return signedIn(this.profiles, ctx, outcome.user, outcome.tokens, input.cookie)
  }

  /** From the body, or in cookie mode from the cookie (then with the CSRF header). */
  async refresh(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(refreshValidator)
    let token = input.refresh_token
    const viaCookie = !token
    if (viaCookie) {
      token = authCookies.refreshToken(ctx)
      if (!token) throw AuthErrors.field('refresh_token', 'required', 'The refresh_token field must be defined')
      if (!authCookies.csrfMatches(ctx)) throw AuthErrors.csrf()
    }
    const { tokens } = await this.loginSessions.refresh(token!)
    if (viaCookie) authCookies.set(ctx, tokens)
    return tokens
  }

  async logout(ctx: HttpContext) {
    const sessionId = ctx.auth.use('jwt').getSessionIdOrFail()
    await this.loginSessions.revoke(sessionId, 'logout')
    authCookies.clear(ctx)
    return ctx.response.noContent()
  }
}
