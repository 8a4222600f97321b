import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import PurgeAuthRecordsJob from '#jobs/purge_auth_records_job'
import { freshIp, register } from '#tests/support/auth'
import { jobResult } from '../notifications/helpers.js'
import { countRows } from '../social/helpers.js'

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000)

test.group('Auth / nightly purge of expired records', () => {
  test('expired tokens, long-ended sign-ins, old codes and lifted IP blocks go; live ones stay and keep working', async ({ client, assert }) => {
    const old = await register(client)
    const fresh = await register(client)
    ;(await client.post('/api/v1/auth/password/forgot').header('x-forwarded-for', freshIp()).json({ email: old.email })).assertStatus(202)
    ;(await client.post('/api/v1/auth/password/forgot').header('x-forwarded-for', freshIp()).json({ email: fresh.email })).assertStatus(202)

    // Time passes for `old`: its sign-in expired 40 days ago, its codes two days ago.
    await db.from('login_sessions').where('user_id', old.id).update({ expires_at: daysAgo(40) })
    await db
      .from('refresh_tokens')
      .whereIn('session_id', db.from('login_sessions').where('user_id', old.id).select('id'))
      .update({ expires_at: daysAgo(40) })
    await db.from('password_resets').where('user_id', old.id).update({ expires_at: daysAgo(2) })
    await db.from('email_verifications').where('user_id', old.id).update({ expires_at: daysAgo(2) })
    await db.table('ip_blocks').insert([
      { ip_address: '10.9.9.1', reason: 'login', failures: 20, blocked_until: daysAgo(40) },
      { ip_address: '10.9.9.2', reason: 'login', failures: 20, blocked_until: new Date(Date.now() + 600_000) },
    ])

    const job = await PurgeAuthRecordsJob.dispatch({})
    const result = await jobResult<Record<string, number>>(job)
    assert.deepEqual(result, { refresh_tokens: 1, login_sessions: 1, password_resets: 1, email_verifications: 1, ip_blocks: 1, idempotency_keys: 0 })

    for (const table of ['login_sessions', 'password_resets', 'email_verifications']) {
      assert.equal(await countRows(table, { user_id: old.id }), 0, table)
      assert.equal(await countRows(table, { user_id: fresh.id }), 1, table)
    }
    assert.deepEqual((await db.from('ip_blocks').select('ip_address')).map((row) => row.ip_address), ['10.9.9.2'])
    // The untouched account still refreshes, and the users themselves stay.
    const refreshed = await client.post('/api/v1/auth/refresh').header('x-forwarded-for', freshIp()).json({ refresh_token: fresh.refresh_token })
    refreshed.assertStatus(200)
    assert.equal(await countRows('users'), 2)

    // Nothing left to purge: a second run deletes nothing.
    assert.deepEqual(await new PurgeAuthRecordsJob().handle(), {
      refresh_tokens: 0,
      login_sessions: 0,
      password_resets: 0,
      email_verifications: 0,
      ip_blocks: 0,
      idempotency_keys: 0,
    })
  })
})
