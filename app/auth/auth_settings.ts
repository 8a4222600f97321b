import env from '#start/env'
import app from '@adonisjs/core/services/app'

/**
 * Lifetimes and limits of the auth system (app/services/auth). The IP
 * blocklist numbers are configurable; the rest is the API contract. A leaf
 * module, apart from config/auth.ts: that file names the JWT guard, and the
 * guard's services read these settings (no import circle).
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
   * Two-factor sign-in (TOTP, RFC 6238): SHA1, 6 digits, 30-second steps,
   * one step either side accepted. A login of a 2FA account hands out a
   * `two_factor_token` good for `challengeTtlSeconds` and `maxAttempts` codes.
   */
  twoFactor: {
    issuer: 'Marquee',
    digits: 6,
    period: 30,
    window: 1,
    challengeTtlSeconds: 5 * 60,
    maxAttempts: 5,
    recoveryCodes: 10,
  },
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
