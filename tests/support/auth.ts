import type { ApiClient } from '@japa/api-client'
import redis from '@adonisjs/redis/services/main'
import db from '@adonisjs/lucid/services/db'
import { decodeJwt } from 'jose'
import { authSettings } from '#auth/auth_settings'
import { sha256 } from '#services/auth/secrets'
import { codeFrom, smtpSink } from '#tests/support/smtp_sink'

/** The user factory's password. */
export const PASSWORD = 'correct-horse-battery'

let lastIp = 0
/**
 * A fresh client address. Auth routes allow 5 requests a minute per IP, so
 * tests act from their own addresses (the app trusts X-Forwarded-For from
 * its proxy).
 */
export function freshIp() {
  lastIp += 1
  return `10.${(lastIp >> 16) & 255}.${(lastIp >> 8) & 255}.${lastIp & 255}`
}

/** Forgets every rate-limit counter: "a minute later". */
export async function nextMinute() {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', 'rlflx*', 'COUNT', 1000)
    cursor = next
    if (keys.length) await redis.del(...keys)
  } while (cursor !== '0')
}

/**
 * Moves a rotated refresh token's rotation back past the grace window
 * (AUTH_REFRESH_GRACE_SECONDS): presenting it again is then reuse.
 */
export async function endGraceWindow(rawRefreshToken: string) {
  await db
    .from('refresh_tokens')
    .where('token_hash', sha256(rawRefreshToken))
    .update({ used_at: db.raw('used_at - make_interval(secs => ?)', [authSettings.refreshGraceSeconds + 1]) })
}

export interface RegisteredUser {
  id: number
  username: string
  email: string
  password: string
  access_token: string
  refresh_token: string
  ip: string
}

let registered = 0
/** Signs up through the API (201 asserted) and returns the credentials. */
export async function register(client: ApiClient, overrides: Record<string, unknown> = {}): Promise<RegisteredUser> {
  registered += 1
  const username = (overrides.username as string) ?? `member_${Date.now().toString(36)}_${registered}`
  const email = (overrides.email as string) ?? `${username.toLowerCase()}@example.test`
  const password = (overrides.password as string) ?? PASSWORD
  const ip = (overrides.ip as string) ?? freshIp()
  const response = await client
    .post('/api/v1/auth/register')
    .header('x-forwarded-for', ip)
    .json({ username, email, password, password_confirmation: password, ...overrides, ip: undefined })
  if (response.status() !== 201) {
    throw new Error(`register failed: ${response.status()} ${JSON.stringify(response.body())}`)
  }
  const body = response.body()
  return {
    id: body.user.id,
    username,
    email,
    password,
    access_token: body.access_token,
    refresh_token: body.refresh_token,
    ip,
  }
}

/** The code of the `index`-th mail to `email` (waits for it). */
export async function mailedCode(email: string, options: { subject?: RegExp; index?: number } = {}) {
  return codeFrom(await smtpSink.waitFor(email, options))
}

export function claimsOf(token: string) {
  return decodeJwt(token)
}

/**
 * POST /auth/login as `username` (PASSWORD, from a fresh IP; from a named web
 * `device` when given), 200 expected: the tokens and the session's id.
 */
export async function login(client: ApiClient, username: string, device?: string) {
  const response = await client
    .post('/api/v1/auth/login')
    .header('x-forwarded-for', freshIp())
    .json({ login: username, password: PASSWORD, ...(device ? { device_name: device, platform: 'web' } : {}) })
  response.assertStatus(200)
  const body = response.body() as { access_token: string; refresh_token: string }
  return { ...body, sessionId: claimsOf(body.access_token).sid as number }
}

/** Cookies of a response as name → value (Set-Cookie headers). */
export function setCookies(response: { headers(): Record<string, unknown> }) {
  const header = response.headers()['set-cookie']
  const lines = (Array.isArray(header) ? header : header ? [header] : []) as string[]
  const cookies = new Map<string, { value: string; attributes: string }>()
  for (const line of lines) {
    const [pair, ...attributes] = line.split(';')
    const eq = pair.indexOf('=')
    cookies.set(pair.slice(0, eq).trim(), {
      value: decodeURIComponent(pair.slice(eq + 1).trim()),
      attributes: attributes.join(';').trim().toLowerCase(),
    })
  }
  return cookies
}

/** A real access token for a factory user (a login session, as sign-in makes one). */
export async function accessTokenFor(user: { id: number }): Promise<string> {
  const { default: app } = await import('@adonisjs/core/services/app')
  const { default: LoginSessionService } = await import('#services/auth/login_sessions')
  const loginSessions = await app.container.make(LoginSessionService)
  const { default: User } = await import('#models/user')
  const { tokens } = await loginSessions.start(await User.findOrFail(user.id), { ip: '127.0.0.1', deviceName: 'test client' })
  return tokens.access_token
}
