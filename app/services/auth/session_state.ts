import redis from '@adonisjs/redis/services/main'
import logger from '@adonisjs/core/services/logger'
import { authSettings } from '#auth/auth_settings'
import { localAuthCache } from '#services/auth/local_auth_cache'

/**
 * Redis mirror of login-session state, so the guard checks a session
 * without a database round trip:
 *
 * - `auth:session:<sid>` = `<userId>` while active. It lives one access-token
 *   lifetime; the guard re-reads PostgreSQL when it is missing and writes it
 *   back with NX, so it can never overwrite a revocation written meanwhile.
 * - `auth:session:<sid>` = `revoked` (a tombstone) once revoked, for longer
 *   than any access token of the session can live.
 *
 * Every key is under `auth:` (tests clear that prefix between cases).
 *
 * Lookups are memoised in-process (local_auth_cache.ts, 10 s): a revocation
 * drops the entry here before the caller answers, and in the other
 * processes when the bus message arrives.
 */
const REVOKED = 'revoked'
const sessionKey = (sessionId: number) => `auth:session:${sessionId}`
const localKey = (sessionId: number) => `session:${sessionId}`

export type CachedSessionState = { state: 'active'; userId: number } | { state: 'revoked' } | null

/**
 * Revocations whose tombstone Redis did not take (it was down). PostgreSQL
 * already says revoked, but a Redis that comes back with its data still holds
 * the session's "active" key: the tombstones are written again as soon as it
 * is back, and until then this process answers "revoked" itself.
 */
const pendingTombstones = new Set<number>()

async function writeTombstones(sessionIds: number[]) {
  const ttl = authSettings.accessTokenTtl + 120
  const pipeline = redis.pipeline()
  for (const id of sessionIds) pipeline.set(sessionKey(id), REVOKED, 'EX', ttl)
  const results = (await pipeline.exec()) ?? []
  const failed = results.find(([error]) => error)
  if (failed) throw failed[0]
}

let retryHooked = false
function retryTombstonesWhenBack() {
  if (retryHooked) return
  retryHooked = true
  redis.connection().ioConnection.on('ready', () => {
    const ids = [...pendingTombstones]
    if (!ids.length) return
    writeTombstones(ids).then(
      () => ids.forEach((id) => pendingTombstones.delete(id)),
      () => {}
    )
  })
}

/** When this process last recorded activity of a session (at most once a minute). */
const lastTouched = new Map<number, number>()
const TOUCH_EVERY_MS = 60_000

function parseState(value: string | null): CachedSessionState {
  if (value === null) return null
  if (value === REVOKED) return { state: 'revoked' }
  const userId = Number(value)
  return Number.isSafeInteger(userId) ? { state: 'active', userId } : null
}

export const sessionState = {
  async markActive(sessionId: number, userId: number, onlyIfMissing = false) {
    const key = sessionKey(sessionId)
    const ttl = authSettings.accessTokenTtl
    if (onlyIfMissing) await redis.set(key, String(userId), 'EX', ttl, 'NX')
    else await redis.set(key, String(userId), 'EX', ttl)
  },

  async markRevoked(sessionIds: number[]) {
    if (!sessionIds.length) return
    try {
      await writeTombstones(sessionIds)
    } catch (error) {
      for (const id of sessionIds) pendingTombstones.add(id)
      retryTombstonesWhenBack()
      throw error
    } finally {
      // After the tombstone is written, so a re-read anywhere sees it; the
      // local drop happens even when Redis failed.
      await localAuthCache.invalidate(sessionIds.map(localKey))
    }
  },

  /**
   * The cached state. A Redis failure reads as "unknown" (the caller then
   * asks PostgreSQL), never as "active".
   */
  /** The in-process copy only (undefined when unknown here). */
  peek(sessionId: number): CachedSessionState | undefined {
    if (pendingTombstones.has(sessionId)) return { state: 'revoked' }
    return localAuthCache.get<CachedSessionState>(localKey(sessionId))
  },

  async lookup(sessionId: number): Promise<CachedSessionState> {
    if (pendingTombstones.has(sessionId)) return { state: 'revoked' }
    const key = localKey(sessionId)
    const known = localAuthCache.get<CachedSessionState>(key)
    if (known) return known

    const generation = localAuthCache.generation()
    let value: string | null
    try {
      value = await redis.get(sessionKey(sessionId))
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'session state cache unavailable, using the database')
      return null
    }
    const state = parseState(value)
    if (state) localAuthCache.set(key, state, generation)
    return state
  },

  /** True at most once a minute per session and process: time to write `last_seen_at`. */
  shouldTouch(sessionId: number, now = Date.now()) {
    const last = lastTouched.get(sessionId)
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return false
    if (lastTouched.size > 50_000) {
      for (const [id, at] of lastTouched) if (now - at >= TOUCH_EVERY_MS) lastTouched.delete(id)
    }
    lastTouched.set(sessionId, now)
    return true
  },
}
