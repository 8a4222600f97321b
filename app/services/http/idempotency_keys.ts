import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import db from '@adonisjs/lucid/services/db'

/**
 * Idempotency-Key records (API.md Conventions): the same key from the same
 * user within 24 hours gets the first successful response again and
 * creates nothing new.
 *
 * Stored in PostgreSQL (table `idempotency_keys`, unique per user and key),
 * not Redis: Redis may run without persistence, and a retry after a Redis
 * restart must still be recognised; the rows also go with the account.
 *
 * A key is claimed (an in-flight row) before the handler runs; a second
 * request with the same key while the first is in flight is answered 409
 * (never waits, never runs twice). Only 2xx responses are kept; a failure
 * releases the key so the client can retry with it. A claim left behind by
 * a crashed process is taken over after IN_FLIGHT_TIMEOUT_SECONDS.
 */
export const IDEMPOTENCY_TTL_HOURS = 24
export const IDEMPOTENCY_KEY_MAX_LENGTH = 128
/** Visible ASCII only (no spaces or control characters), as in draft-ietf-httpapi-idempotency-key-header. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]+$/
const IN_FLIGHT_TIMEOUT_SECONDS = 60

export type Claim =
  | { kind: 'claimed'; id: number }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in_flight' }
  | { kind: 'mismatch'; route: string }

interface KeyRow {
  id: number
  route: string
  fingerprint: string
  response_status: number | null
  response_body: unknown
  completed_at: Date | null
  created_at: Date
  expires_at: Date
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` fingerprint alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** What makes two requests "the same": method, route, path params, body and uploaded files' content. */
export async function requestFingerprint(input: {
  method: string
  route: string
  params: Record<string, unknown>
  body: unknown
  files: { field: string; name: string; tmpPath?: string }[]
}): Promise<string> {
  const hash = createHash('sha256').update(canonical([input.method, input.route, input.params, input.body]))
  for (const file of input.files) {
    hash.update(`\0${file.field}\0${file.name}\0`)
    if (file.tmpPath) hash.update(await readFile(file.tmpPath))
  }
  return hash.digest('hex')
}

export const idempotencyKeys = {
  async claim(userId: number, key: string, route: string, fingerprint: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await db.rawQuery(
        `INSERT INTO idempotency_keys (user_id, key, route, fingerprint, expires_at)
         VALUES (?, ?, ?, ?, now() + make_interval(hours => ?))
         ON CONFLICT (user_id, key) DO NOTHING RETURNING id`,
        [userId, key, route, fingerprint, IDEMPOTENCY_TTL_HOURS]
      )
      if (inserted.rows.length) return { kind: 'claimed', id: Number(inserted.rows[0].id) }

      const row: KeyRow | null = await db.from('idempotency_keys').where({ user_id: userId, key }).first()
      if (!row) continue // released or expired meanwhile: try again
      if (row.expires_at.getTime() <= Date.now()) {
        await db.from('idempotency_keys').where('id', row.id).where('expires_at', '<=', new Date()).delete()
        continue
      }
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch', route: row.route }
      if (row.completed_at) return { kind: 'replay', status: Number(row.response_status), body: row.response_body }
      // An abandoned claim (the process died mid-request): take it over.
      const taken = await db.rawQuery(
        `UPDATE idempotency_keys SET created_at = now()
          WHERE id = ? AND completed_at IS NULL AND created_at < now() - make_interval(secs => ?) RETURNING id`,
        [row.id, IN_FLIGHT_TIMEOUT_SECONDS]
      )
      if (taken.rows.length) return { kind: 'claimed', id: row.id }
      return { kind: 'in_flight' }
    }
    return { kind: 'in_flight' }
  },

  /** Keeps the first successful response for replays. */
  async complete(id: number, status: number, body: unknown) {
    await db
      .from('idempotency_keys')
      .where('id', id)
      .update({ response_status: status, response_body: JSON.stringify(body ?? null), completed_at: new Date() })
  },

  /** Forgets a claim whose request failed: the same key may be retried. */
  async release(id: number) {
    await db.from('idempotency_keys').where('id', id).whereNull('completed_at').delete()
  },
}
