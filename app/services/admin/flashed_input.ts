import type { Session } from '@adonisjs/session'

/** Never sent back to a form. */
const SECRET_FIELDS = new Set(['_csrf', '_method', 'password', 'password_confirmation'])
/** A field longer than this is not re-filled after a failed submit. */
export const FLASHED_FIELD_MAX_CHARS = 1000
/** All re-filled fields together: well under a browser's 4 KB cookie once encrypted. */
export const FLASHED_INPUT_MAX_CHARS = 2000

/**
 * Flashes a failed form's input for the page it redirects back to, bounded:
 * with the cookie session store the whole flash travels in `Set-Cookie`,
 * and a 20,000-character field made a 27 KB cookie that browsers drop
 * (losing the session with it). Long or too many values are left out; the
 * error messages are still flashed and the user retypes what is missing.
 */
export function flashBoundedInput(session: Session, input: Record<string, unknown>) {
  const kept: Record<string, string | number | boolean> = {}
  let total = 0
  for (const [field, value] of Object.entries(input)) {
    if (SECRET_FIELDS.has(field)) continue
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue
    const size = field.length + String(value).length
    if (String(value).length > FLASHED_FIELD_MAX_CHARS || total + size > FLASHED_INPUT_MAX_CHARS) continue
    kept[field] = value
    total += size
  }
  session.flash('input', kept)
}
