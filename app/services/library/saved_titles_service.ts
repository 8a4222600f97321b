import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { affectedRows } from '#services/database/query_helpers'
import { recordActivity } from '#services/social/activities'
import type { TitleKind } from '#services/catalogue/title_kinds'

/** The two per-user collections of titles. */
export type SavedList = 'watchlist' | 'favorites'

const CHANGE = { watchlist: 'watchlist', favorites: 'favorite' } as const
const MISSING = { watchlist: 'is not on your watchlist', favorites: 'is not in your favorites' } as const

/**
 * Writes to the caller's watchlist and favourites, for any kind of title
 * (title_kinds.ts): one row per user and title (unique index), added
 * idempotently. Every change drops the title's engagement figures (movie
 * stats) and emits `user:library_changed`, which drops what
 * is derived from the library (the caller's state and feed, profile
 * counters, recommendations). Reading the items back is the kind's own
 * (saved_movies_service.ts, series_watchlist_service.ts,
 * series_favorites_service.ts): their shapes differ.
 */
export default class SavedTitlesService {
  /** True when the title was added now, false when it was there already. 404 when the caller may not see it. */
  async add(kind: TitleKind, list: SavedList, user: User, titleId: number): Promise<boolean> {
    await kind.assertVisible(titleId, user)
    const inserted: ({ id: number | string } | number)[] = await db
      .table(kind[list])
      .insert({ user_id: user.id, [kind.key]: titleId })
      .onConflict(['user_id', kind.key])
      .ignore()
      .returning('id')
    if (!inserted.length) return false
    if (list === 'watchlist' && kind.activities) {
      const first = inserted[0]
      await recordActivity(user.id, kind.activities.watchlistAdd, Number(typeof first === 'object' ? first.id : first), titleId)
    }
    await Promise.all([
      kind.invalidateEngagement(titleId),
      emitter.emit('user:library_changed', { userId: user.id, change: CHANGE[list] }),
    ])
    return true
  }

  /** 404 when the title is not in the list (whether or not the caller may still see it). */
  async remove(kind: TitleKind, list: SavedList, user: User, titleId: number) {
    const deleted = await db.from(kind[list]).where({ user_id: user.id, [kind.key]: titleId }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound(`This ${kind.noun} ${MISSING[list]}`)
    await Promise.all([
      kind.invalidateEngagement(titleId),
      emitter.emit('user:library_changed', { userId: user.id, change: CHANGE[list] }),
    ])
  }

  /** PATCH `{watched}`: true stamps watched_at (kept if already watched), false clears it. */
  async setWatched(kind: TitleKind, user: User, titleId: number, watched: boolean) {
    const row: { id: number; watched: boolean } | null = await db
      .from(kind.watchlist)
      .where({ user_id: user.id, [kind.key]: titleId })
      .select('id', 'watched')
      .first()
    if (!row) throw ApiException.notFound(`This ${kind.noun} ${MISSING.watchlist}`)
    if (watched && !row.watched) {
      await db.from(kind.watchlist).where('id', row.id).update({ watched: true, watched_at: new Date() })
    }
    if (!watched) await db.from(kind.watchlist).where('id', row.id).update({ watched: false, watched_at: null })
    await Promise.all([
      kind.invalidateEngagement(titleId),
      emitter.emit('user:library_changed', { userId: user.id, change: CHANGE.watchlist }),
    ])
  }
}
