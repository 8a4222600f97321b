import { test } from '@japa/runner'
import pino from 'pino'
import logger from '@adonisjs/core/services/logger'
import User from '#models/user'
import { UserFactory } from '#factories/user_factory'
import { safeEqual } from '#services/auth/secrets'
import { freshIp, mailedCode, PASSWORD } from '#tests/support/auth'
import type { ApiClient } from '@japa/api-client'
import type { ApiResponse } from '@japa/api-client'

const FIRST = 'Unique-Secret-Passphrase-1'
const SECOND = 'Another-Unique-Secret-2'
const TOO_SHORT = 'Zq7!xY'

/** Every line the app logs meanwhile, at every level, instead of the configured output. */
async function captureLogs(run: () => Promise<void>) {
  const root = logger.pino as unknown as Record<symbol, unknown> & { level: string }
  const streamSym = pino.symbols.streamSym as unknown as symbol
  const original = root[streamSym]
  const level = root.level
  const lines: string[] = []
  root[streamSym] = { write: (line: string) => lines.push(line) }
  root.level = 'trace'
  try {
    await run()
  } finally {
    root[streamSym] = original
    root.level = level
  }
  return lines
}

/** Runs every flow that handles a password, keeping all responses. */
async function passwordFlows(client: ApiClient) {
  const responses: ApiResponse[] = []
  const keep = async (request: Promise<ApiResponse>) => {
    const response = await request
    responses.push(response)
    return response
  }
  const post = (url: string, body: object, ip = freshIp()) =>
    keep(client.post(url).header('x-forwarded-for', ip).json(body))

  await post('/api/v1/auth/register', {
    username: 'short_pw',
    email: 's@example.test',
    password: TOO_SHORT,
    password_confirmation: TOO_SHORT,
  })
  const registered = await post('/api/v1/auth/register', {
    username: 'secretive',
    email: 'secretive@example.test',
    password: FIRST,
    password_confirmation: FIRST,
  })
  const token = registered.body().access_token
  await post('/api/v1/auth/login', { login: 'secretive', password: SECOND })
  await post('/api/v1/auth/login', { login: FIRST, password: FIRST })
  await post('/api/v1/auth/login', { login: 'secretive', password: FIRST })
  await keep(client.get('/api/v1/me').bearerToken(token))
  await keep(client.patch('/api/v1/me').bearerToken(token).json({ bio: 'hello', password: SECOND }))
  await keep(client.get('/api/v1/auth/sessions').bearerToken(token))
  const change = (body: object) => keep(client.post('/api/v1/auth/password/change').bearerToken(token).json(body))
  await change({ current_password: SECOND, new_password: SECOND })
  const changed = await change({ current_password: FIRST, new_password: SECOND })

  const resetIp = freshIp()
  const forgot = await post('/api/v1/auth/password/forgot', { email: 'secretive@example.test' }, resetIp)
  const resetToken = forgot.body().reset_token
  const code = await mailedCode('secretive@example.test', { subject: /password reset/i })
  await post('/api/v1/auth/password/verify', { reset_token: resetToken, otp_code: code }, resetIp)
  await post('/api/v1/auth/password/reset', { reset_token: resetToken, new_password: FIRST }, resetIp)
  const signedIn = await post('/api/v1/auth/login', { login: 'secretive', password: FIRST, cookie: true })
  // The password is FIRST again: this deletion is refused (422), and echoes nothing.
  await keep(
    client
      .delete('/api/v1/auth/account')
      .bearerToken(signedIn.body().access_token)
      .json({ password: SECOND })
  )
  return { responses, changed }
}

test.group('Auth / secrets', () => {
  test('passwords and their hashes never appear in a response or a log line', async ({ client, assert }) => {
    let result: Awaited<ReturnType<typeof passwordFlows>> | undefined
    let hashes: string[] = []
    const lines = await captureLogs(async () => {
      result = await passwordFlows(client)
      hashes = (await User.all()).map((user) => user.password!).filter(Boolean)
    })
    const { responses, changed } = result!
    assert.equal(changed.status(), 200)
    assert.isAbove(responses.length, 10)
    assert.lengthOf(hashes, 1)

    for (const response of responses) {
      const text = JSON.stringify(response.headers()) + response.text()
      for (const secret of [FIRST, SECOND, TOO_SHORT, ...hashes]) {
        assert.notInclude(text, secret, `${response.request.request.method} ${response.request.request.url}`)
      }
      assert.notMatch(text, /\$scrypt\$/)
    }

    // The flows were logged (sign-ins, failures, changes), without secrets.
    const logged = lines.join('')
    assert.isAbove(lines.length, 5)
    assert.include(logged, 'login failed')
    assert.include(logged, 'password changed')
    for (const secret of [FIRST, SECOND, TOO_SHORT, ...hashes]) assert.notInclude(logged, secret)
  })

  test('the user factory password is hashed with scrypt, never stored as is', async ({ assert }) => {
    const user = await UserFactory.create()
    assert.notEqual(user.password, PASSWORD)
    assert.match(user.password!, /^\$scrypt\$/)
  })

  test('secret comparisons are constant-time and length-safe', async ({ assert }) => {
    assert.isTrue(safeEqual('abc123', 'abc123'))
    assert.isFalse(safeEqual('abc123', 'abc124'))
    assert.isFalse(safeEqual('abc123', 'abc1234'))
    assert.isFalse(safeEqual('', 'x'))
  })

  test('an unknown login costs a password hash like a wrong password does', async ({ client, assert }) => {
    await UserFactory.merge({ username: 'timed' }).create()
    // Warm-up (the first unknown login prepares its decoy hash).
    await client.post('/api/v1/auth/login').header('x-forwarded-for', freshIp()).json({ login: 'ghost', password: 'x' })

    const time = async (login: string) => {
      const samples: number[] = []
      for (let i = 0; i < 3; i++) {
        const started = performance.now()
        const response = await client
          .post('/api/v1/auth/login')
          .header('x-forwarded-for', freshIp())
          .json({ login, password: 'wrong-password' })
        samples.push(performance.now() - started)
        response.assertStatus(401)
      }
      return samples.sort((a, b) => a - b)[1]
    }
    const known = await time('timed')
    const unknown = await time('nobody_at_all')
    const ratio = unknown / known
    assert.isAbove(ratio, 0.33, `unknown ${unknown.toFixed(1)} ms vs known ${known.toFixed(1)} ms`)
    assert.isBelow(ratio, 3, `unknown ${unknown.toFixed(1)} ms vs known ${known.toFixed(1)} ms`)
  })
})
