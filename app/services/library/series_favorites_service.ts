import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { findVisibleSeriesOrFail } from '#services/catalogue/series_lookup'
import { seriesSummaries, type ViewerSeriesSummary } from '#services/catalogue/series_summaries'
import { affectedRows, toIso } from '#services/database/query_helpers'
import { invalidateFeedsOf } from '#services/social/feed_cache'

/** A favourite series; the summary is also under `movie`, as on watchlist items. */
export interface SeriesFavoriteItem {
  movie: ViewerSeriesSummary
  series: ViewerSeriesSummary
  added_at: string
}

export interface SeriesFavoriteRow {
  series_id: number
  created_at: Date | string
}

/** Favourite series (issue 9): one row per user and show, added idempotently. */
export default class SeriesFavoritesService {
  async add(user: User, seriesId: number): Promise<{ created: boolean; item: SeriesFavoriteItem }> {
    await findVisibleSeriesOrFail(seriesId, user)
    const inserted = await db
      .table('series_favorites')
      .insert({ user_id: user.id, series_id: seriesId })
      .onConflict(['user_id', 'series_id'])
      .ignore()
      .returning('id')
    // The caller's own feed shows `is_favorite` on series summaries.
    if (inserted.length) await invalidateFeedsOf([user.id])
    const row = await db
      .from('series_favorites')
      .where({ user_id: user.id, series_id: seriesId })
      .select('series_id', 'created_at')
      .firstOrFail()
    const [item] = await this.items(user.id, [row])
    return { created: inserted.length > 0, item }
  }

  async remove(user: User, seriesId: number) {
    const deleted = await db.from('series_favorites').where({ user_id: user.id, series_id: seriesId }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound('This series is not in your favorites')
    await invalidateFeedsOf([user.id])
  }

  /** Favourite rows → items, in the rows' order. */
  async items(userId: number, rows: SeriesFavoriteRow[]): Promise<SeriesFavoriteItem[]> {
    const summaries = await seriesSummaries(
      rows.map((row) => row.series_id),
      userId
    )
    return rows.map((row) => {
      const series = summaries.get(row.series_id)!
      return { movie: series, series, added_at: toIso(row.created_at) }
    })
  }
}
