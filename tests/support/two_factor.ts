import type { ApiClient } from '@japa/api-client'
import { Secret, TOTP } from 'otpauth'
import type User from '#models/user'
import { freshIp, PASSWORD } from '#tests/support/auth'

/**
 * Two-factor sign-in as an authenticator app sees it: codes are computed
 * from the secret the API handed out, with `otpauth` (RFC 6238: SHA1, six
 * digits, 30-second steps), for explicit time steps.
 */
export const PERIOD_MS = 30_000

export function totpOf(secret: string) {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) })
}

/** The current time step. */
export function currentStep() {
  return Math.floor(Date.now() / PERIOD_MS)
}

/** The code of time step `step` (`currentStep() + n` for n steps ahead). */
export function codeAt(secret: string, step: number) {
  return totpOf(secret).generate({ timestamp: step * PERIOD_MS })
}

/**
 * Waits, if need be, for the next time step, so that at least `seconds`
 * remain in the current one: a test that computes "the current step ± n"
 * then talks to a server that still agrees which step is current.
 */
export async function awaitStepHeadroom(seconds = 10) {
  const remaining = PERIOD_MS - (Date.now() % PERIOD_MS)
  if (remaining < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, remaining + 50))
}

/** A code of step `step` that no step from `step - 3` to `step + 3` shares (a sure wrong code). */
export function wrongCodeAround(secret: string, step: number) {
  const near = new Set(Array.from({ length: 7 }, (_, i) => codeAt(secret, step - 3 + i)))
  for (let offset = 1000; ; offset++) {
    const code = codeAt(secret, step + offset)
    if (!near.has(code)) return code
  }
}

export interface TwoFactorAccount {
  secret: string
  recoveryCodes: string[]
  /** The step of the code that enabled it (already used: it never works again). */
  enabledAtStep: number
}

/**
 * Sets up and enables 2FA for `user` through the API (200s asserted), with
 * the code of the step before the current one: the current step and the next
 * stay usable for sign-ins right after.
 */
export async function enableTwoFactor(client: ApiClient, user: User): Promise<TwoFactorAccount> {
  await awaitStepHeadroom(15)
  const setup = await client.post('/api/v1/auth/2fa/setup').loginAs(user)
  setup.assertStatus(200)
  const secret = setup.body().secret as string
  const enabledAtStep = currentStep() - 1
  const enable = await client.post('/api/v1/auth/2fa/enable').json({ code: codeAt(secret, enabledAtStep) }).loginAs(user)
  enable.assertStatus(200)
  return { secret, recoveryCodes: enable.body().recovery_codes, enabledAtStep }
}

/** POST /auth/login with the right password from `ip` (a fresh one by default): its response. */
export function passwordLogin(client: ApiClient, user: User, ip = freshIp(), extra: Record<string, unknown> = {}) {
  return client.post('/api/v1/auth/login').header('x-forwarded-for', ip).json({ login: user.username, password: PASSWORD, ...extra })
}

/** The two_factor_token of a login with the right password (200 and the challenge asserted). */
export async function challengeFor(client: ApiClient, user: User, ip = freshIp(), extra: Record<string, unknown> = {}) {
  const response = await passwordLogin(client, user, ip, extra)
  response.assertStatus(200)
  if (response.body().two_factor_required !== true) throw new Error(`no challenge: ${JSON.stringify(response.body())}`)
  return response.body().two_factor_token as string
}

/** POST /auth/2fa/verify from `ip` (a fresh one by default). */
export function verifyCode(client: ApiClient, token: string, code: string, ip = freshIp()) {
  return client.post('/api/v1/auth/2fa/verify').header('x-forwarded-for', ip).json({ two_factor_token: token, code })
}
