import type { HttpContext } from '@adonisjs/core/http'
import { errors, symbols } from '@adonisjs/auth'
import type { AuthClientResponse, GuardContract } from '@adonisjs/auth/types'
import ApiException from '#exceptions/api_exception'
import { AuthErrors } from '#exceptions/auth_errors'
import type User from '#models/user'
import { AccessTokenExpired, accessTokens } from '#services/auth/access_tokens'
import { authCookies } from '#services/auth/auth_cookies'
import LoginSessionService from '#services/auth/login_sessions'
import type { ApplicationService } from '@adonisjs/core/types'
import { findCachedUser, peekCachedUser } from '#services/auth/user_cache'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * @adonisjs/auth guard for the API's JWT access tokens.
 *
 * A request is authenticated by `Authorization: Bearer <jwt>` or, in cookie
 * mode, by the `access_token` cookie; a write authenticated by cookie must
 * also carry `X-CSRF-Token` equal to the `csrf_token` cookie. The token must
 * verify (HS256 only), its login session must be active (in-process cache,
 * then Redis, then PostgreSQL) and its user must exist and not be suspended
 * (users come from an in-process cache that every User write invalidates,
 * see user_cache.ts and local_auth_cache.ts).
 *
 * Failures: no/invalid token or ended session → E_UNAUTHORIZED_ACCESS (401
 * E_UNAUTHORIZED), expired → 401 E_TOKEN_EXPIRED, suspended → 403
 * E_ACCOUNT_SUSPENDED, CSRF → 403 E_FORBIDDEN.
 */
export class JwtGuard implements GuardContract<User> {
  declare [symbols.GUARD_KNOWN_EVENTS]: {}

  readonly driverName = 'jwt' as const

  user?: User
  /** The login session of the current access token. */
  sessionId?: number
  /** Whether the credentials came from the cookie (so responses refresh cookies). */
  viaCookie = false

  isAuthenticated = false
  authenticationAttempted = false

  /**
   * Why the last attempt failed: the error `authenticate()` throws, kept so
   * that callers of `check()` (which never throws) can report the precise
   * reason (see `authFailure`).
   */
  failure?: Error

  constructor(
    protected ctx: HttpContext,
    protected loginSessions: LoginSessionService
  ) {}

  getUserOrFail(): User {
    if (!this.user) throw this.#unauthorized()
    return this.user
  }

  getSessionIdOrFail(): number {
    if (!this.sessionId) throw this.#unauthorized()
    return this.sessionId
  }

  async authenticate(): Promise<User> {
    if (this.authenticationAttempted) {
      if (this.user) return this.user
      throw this.failure ?? this.#unauthorized()
    }
    this.authenticationAttempted = true
    try {
      return await this.#authenticate()
    } catch (error) {
      this.failure = error as Error
      throw error
    }
  }

  /**
   * Never throws for bad credentials (the throttle middleware asks before
   * authentication runs): false for a missing, invalid or expired token, an
   * ended session, a suspended account or a failed CSRF check. Other errors
   * (the database is down) still throw.
   */
  async check(): Promise<boolean> {
    // No credentials at all (most anonymous requests): answer without
    // building an exception and its stack trace; authenticate() still throws.
    if (!this.authenticationAttempted && !this.#readToken()) {
      this.authenticationAttempted = true
      return false
    }
    try {
      await this.authenticate()
      return true
    } catch (error) {
      if (error instanceof errors.E_UNAUTHORIZED_ACCESS || error instanceof ApiException) return false
      throw error
    }
  }

  async #authenticate(): Promise<User> {
    const token = this.#readToken()
    if (!token) throw this.#unauthorized()

    let claims
    try {
      claims = await accessTokens.verify(token)
    } catch (error) {
      if (error instanceof AccessTokenExpired) throw AuthErrors.tokenExpired()
      throw this.#unauthorized()
    }

    // In-process first (no await when warm), then Redis / PostgreSQL: no
    // database round trip when warm.
    let active = this.loginSessions.knownActive(claims.sessionId, claims.userId)
    let user: User | null | undefined = peekCachedUser(claims.userId)
    if (active === undefined || user === undefined) {
      ;[active, user] = await Promise.all([
        active ?? this.loginSessions.isActive(claims.sessionId, claims.userId),
        user ?? findCachedUser(claims.userId),
      ])
    }
    if (!active || !user || user.isPlaceholder) throw this.#unauthorized()
    if (user.isSuspended) throw AuthErrors.accountSuspended()

    if (this.viaCookie && !SAFE_METHODS.has(this.ctx.request.method())) {
      if (!authCookies.csrfMatches(this.ctx)) throw AuthErrors.csrf()
    }
    const touching = this.loginSessions.touch(claims.sessionId)
    if (touching) await touching

    this.user = user
    this.sessionId = claims.sessionId
    this.isAuthenticated = true
    return user
  }

  /**
   * Japa's `loginAs(user)`: opens a real login session (so session checks
   * pass exactly as for a signed-in client) and sends its access token.
   */
  async authenticateAsClient(user: User): Promise<AuthClientResponse> {
    const { tokens } = await this.loginSessions.start(user, { ip: '127.0.0.1', deviceName: 'test client' })
    return { headers: { authorization: `Bearer ${tokens.access_token}` } }
  }

  #readToken(): string | undefined {
    const header = this.ctx.request.header('authorization')
    if (header) {
      const [scheme, value] = header.trim().split(/\s+/, 2)
      return scheme?.toLowerCase() === 'bearer' && value ? value : undefined
    }
    const cookie = authCookies.accessToken(this.ctx)
    if (cookie) this.viaCookie = true
    return cookie
  }

  #unauthorized() {
    return new errors.E_UNAUTHORIZED_ACCESS('Unauthorized access', { guardDriverName: this.driverName })
  }
}

/** The guard factory for config/auth.ts: one login session service, resolved once, for every request's guard. */
export async function jwtGuard(app: ApplicationService) {
  const loginSessions = await app.container.make(LoginSessionService)
  return (ctx: HttpContext) => new JwtGuard(ctx, loginSessions)
}

/**
 * The precise reason authentication failed (expired token, suspended
 * account, CSRF), for middleware that went through `auth.authenticateUsing`
 * and got the generic E_UNAUTHORIZED_ACCESS.
 */
export function authFailure(ctx: HttpContext): Error | undefined {
  const guard = ctx.auth.use('jwt')
  return guard.authenticationAttempted && !guard.user ? guard.failure : undefined
}
