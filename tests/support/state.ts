import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import cache from '@adonisjs/cache/services/main'
import { smtpSink } from '#tests/support/smtp_sink'

let tables: string[] | undefined

/**
 * Empties every application table, the response cache and the rate-limit
 * counters, so each test starts from the same state and builds its own data.
 */
export async function resetState() {
  if (!tables) {
    const result = await db.rawQuery(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'adonis_schema%'`
    )
    tables = result.rows.map((row: { tablename: string }) => row.tablename)
  }
  if (tables!.length) {
    await db.rawQuery(`TRUNCATE ${tables!.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`)
  }
  await cache.clear()
  await deleteKeys('rlflx*')
  // Login-session state, IP failures and blocks (app/services/auth): ids restart with the tables.
  await deleteKeys('auth:*')
  smtpSink.clear()
}

async function deleteKeys(pattern: string) {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
    cursor = next
    if (keys.length) await redis.del(...keys)
  } while (cursor !== '0')
}
