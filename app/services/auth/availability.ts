import ApiException, { type ErrorDetail } from '#exceptions/api_exception'
import User from '#models/user'

/**
 * 409 E_CONFLICT naming every taken field (username, email are citext, so
 * the check is case-insensitive). `exceptUserId` skips the caller's own row.
 */
export async function assertAvailable(fields: { username?: string; email?: string }, exceptUserId?: number) {
  const details: ErrorDetail[] = []
  for (const field of ['username', 'email'] as const) {
    const value = fields[field]
    if (value === undefined) continue
    const query = User.query().where(field, value)
    if (exceptUserId) query.whereNot('id', exceptUserId)
    if (await query.first()) {
      details.push({ field, rule: 'unique', message: `This ${field} is already taken` })
    }
  }
  if (details.length) {
    throw ApiException.conflict(`The ${details.map((d) => d.field).join(' and ')} is already taken`, details)
  }
}

export async function isUsernameAvailable(username: string) {
  return !(await User.query().where('username', username).first())
}

/** Unique violations (a concurrent sign-up won the race) become the same 409. */
export function isUniqueViolation(error: unknown) {
  return (error as { code?: string }).code === '23505'
}
