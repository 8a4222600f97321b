import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'

export { assertError, assertValidation, countRows, eventually, USER_SUMMARY_KEYS } from '../engagement/helpers.js'

/** Makes two users friends directly in the database (setup for privacy tests). */
export async function makeFriends(a: User, b: User) {
  await db.table('friendships').insert({ user_low_id: Math.min(a.id, b.id), user_high_id: Math.max(a.id, b.id) })
}

export async function makeBlock(blocker: User, blocked: User) {
  await db.table('blocks').insert({ blocker_id: blocker.id, blocked_id: blocked.id })
}

export async function friendshipRows() {
  return db.from('friendships').select('user_low_id', 'user_high_id').orderBy('user_low_id')
}
