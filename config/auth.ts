import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/auth'
import { sessionGuard, sessionUserProvider } from '@adonisjs/auth/session'
import type { GuardConfigProvider } from '@adonisjs/auth/types'
import type { HttpContext } from '@adonisjs/core/http'
import type { InferAuthenticators, InferAuthEvents, Authenticators } from '@adonisjs/auth/types'
import type { JwtGuard } from '#auth/guards/jwt_guard'

/**
 * Lifetimes and limits of the auth system (app/services/auth). The IP
 * blocklist numbers are configurable; the rest is the API contract.
 */
export const authSettings = {
  /** Access-token (JWT) lifetime in seconds. */
  accessTokenTtl: 15 * 60,
  /** Refresh-token lifetime in seconds (sliding: each refresh renews it). */
  refreshTokenTtl: 30 * 24 * 60 * 60,
  /**
   * Seconds after a rotation during which the old refresh token gets the same
   * new pair again (two tabs refreshing at once) instead of counting as reuse.
   */
  refreshGraceSeconds: env.get('AUTH_REFRESH_GRACE_SECONDS', 10),
  issuer: env.get('APP_NAME', 'marquee'),
  audience: 'marquee-api',
  passwordReset: { ttlSeconds: 10 * 60, maxAttempts: 5 },
  emailVerification: { ttlSeconds: 24 * 60 * 60, maxAttempts: 5 },
  /**
   * Sign-in lockout (API.md Conventions): `accountFailures` failed logins or
   * codes against one account from one IP block that account from that IP;
   * `failures` from one IP across accounts block the IP.
   */
  ipBlock: {
    accountFailures: env.get('AUTH_ACCOUNT_BLOCK_FAILURES', 10),
    failures: env.get('AUTH_IP_BLOCK_FAILURES', 100),
    windowSeconds: env.get('AUTH_IP_BLOCK_WINDOW_MINUTES', 15) * 60,
    durationSeconds: env.get('AUTH_IP_BLOCK_MINUTES', 15) * 60,
  },
  cookies: {
    access: 'access_token',
    refresh: 'refresh_token',
    csrf: 'csrf_token',
    /** The refresh cookie is only sent to the auth routes. */
    refreshPath: '/api/v1/auth',
    secure: app.inProduction,
  },
}

/**
 * The guard module is imported lazily: it pulls in services that wait for
 * the application to boot, and config files are read during boot.
 */
function jwtGuardProvider(): GuardConfigProvider<(ctx: HttpContext) => JwtGuard> {
  return {
    async resolver() {
      const { jwtGuard } = await import('#auth/guards/jwt_guard')
      return jwtGuard()
    },
  }
}

const authConfig = defineConfig({
  default: 'jwt',
  guards: {
    jwt: jwtGuardProvider(),
    /** Cookie session of the server-rendered admin panel only (/admin routes). */
    web: sessionGuard({
      useRememberMeTokens: false,
      provider: sessionUserProvider({ model: () => import('#models/user') }),
    }),
  },
})

export default authConfig

/**
 * Inferring types from the configured auth
 * guards.
 */
declare module '@adonisjs/auth/types' {
  export interface Authenticators extends InferAuthenticators<typeof authConfig> {}
}
declare module '@adonisjs/core/types' {
  interface EventsList extends InferAuthEvents<Authenticators> {}
}
