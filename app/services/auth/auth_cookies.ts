import type { HttpContext } from '@adonisjs/core/http'
import { authSettings } from '#auth/auth_settings'
import { randomToken, safeEqual } from '#services/auth/secrets'
import type { TokenPair } from '#services/auth/login_sessions'

const { cookies } = authSettings

/**
 * Cookie mode: HttpOnly `access_token` and `refresh_token` cookies (Secure
 * in production, SameSite=Lax; the refresh cookie only goes to the auth
 * routes), plus a readable `csrf_token` cookie for double-submit CSRF
 * protection. Values are raw (not signed by the framework): the JWT carries
 * its own signature and the others are random.
 */
export const authCookies = {
  set(ctx: HttpContext, tokens: TokenPair) {
    const base = { sameSite: 'lax' as const, secure: cookies.secure, encode: false }
    ctx.response.plainCookie(cookies.access, tokens.access_token, {
      ...base,
      httpOnly: true,
      path: '/',
      maxAge: tokens.expires_in,
    })
    ctx.response.plainCookie(cookies.refresh, tokens.refresh_token, {
      ...base,
      httpOnly: true,
      path: cookies.refreshPath,
      maxAge: authSettings.refreshTokenTtl,
    })
    ctx.response.plainCookie(cookies.csrf, randomToken(24), {
      ...base,
      httpOnly: false,
      path: '/',
      maxAge: authSettings.refreshTokenTtl,
    })
  },

  clear(ctx: HttpContext) {
    const base = { sameSite: 'lax' as const, secure: cookies.secure }
    ctx.response.clearCookie(cookies.access, { ...base, path: '/' })
    ctx.response.clearCookie(cookies.refresh, { ...base, path: cookies.refreshPath })
    ctx.response.clearCookie(cookies.csrf, { ...base, path: '/' })
  },

  accessToken(ctx: HttpContext): string | undefined {
    return this.read(ctx, cookies.access)
  },

  refreshToken(ctx: HttpContext): string | undefined {
    return this.read(ctx, cookies.refresh)
  },

  /** Double submit: the X-CSRF-Token header must equal the csrf_token cookie. */
  csrfMatches(ctx: HttpContext): boolean {
    const cookie = this.read(ctx, cookies.csrf)
    const header = ctx.request.header('x-csrf-token')
    return Boolean(cookie && header && safeEqual(cookie, header))
  },

  read(ctx: HttpContext, name: string): string | undefined {
    const value = ctx.request.plainCookie(name, { encoded: false })
    return typeof value === 'string' && value.length > 0 ? value : undefined
  },
}
