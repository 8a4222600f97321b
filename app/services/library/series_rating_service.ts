import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { affectedRows } from '#services/database/query_helpers'
import RatingTransformer from '#transformers/rating_transformer'
import { findEpisodeOrFail } from '#services/catalogue/series_lookup'

/** The per-user fields of series summaries, as on movies. */
export interface SeriesViewerFields {
  user_rating: number | null
  in_watchlist: boolean
  is_favorite: boolean
}

export type { EpisodeRatingResource } from '#transformers/rating_transformer'

/**
 * Episode ratings (one row per user and episode, the unique index decides)
 * and the caller's per-user fields of shows. A show's own rating goes
 * through RatingService with the series kind (title_kinds.ts), as a movie's.
 */
export default class SeriesRatingService {
  async upsertEpisode(user: User, seriesId: number, seasonNumber: number, episodeNumber: number, value: number) {
    const episode = await findEpisodeOrFail(user, seriesId, seasonNumber, episodeNumber)
    const now = new Date()
    const [row] = await db
      .table('episode_ratings')
      .insert({
        user_id: user.id,
        episode_id: episode.id,
        series_id: seriesId,
        rating: value,
        created_at: now,
        updated_at: now,
      })
      .onConflict(['user_id', 'episode_id'])
      .merge({ rating: value, updated_at: now })
      .returning(['id', 'rating', 'created_at', 'updated_at', 'xmax'])
    const rating = RatingTransformer.episode(row, episode)
    return { created: String(row.xmax) === '0', rating }
  }

  /** 404 when the episode does not exist or the user has not rated it. */
  async destroyEpisode(user: User, seriesId: number, seasonNumber: number, episodeNumber: number) {
    const episode = await findEpisodeOrFail(user, seriesId, seasonNumber, episodeNumber)
    const deleted = await db.from('episode_ratings').where({ user_id: user.id, episode_id: episode.id }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound('You have not rated this episode')
  }

  /** The caller's rating of a show and of its episodes (episode id → rating). */
  async viewerRatings(userId: number, seriesId: number) {
    const [seriesRow, episodeRows] = await Promise.all([
      db.from('series_ratings').where({ user_id: userId, series_id: seriesId }).select('rating').first(),
      db.from('episode_ratings').where({ user_id: userId, series_id: seriesId }).select('episode_id', 'rating'),
    ])
    const episodes = new Map<number, number>()
    for (const row of episodeRows as { episode_id: number; rating: string }[]) {
      episodes.set(row.episode_id, Number(row.rating))
    }
    return { series: seriesRow ? Number(seriesRow.rating) : null, episodes }
  }

  /**
   * Per-user fields of summaries: the caller's rating and whether the show
   * is on their watchlist and among their favourites.
   */
  async withViewerFields<T extends { id: number }>(userId: number, items: T[]): Promise<(T & SeriesViewerFields)[]> {
    const ids = items.map((item) => item.id)
    if (!ids.length) return []
    const [ratings, watchlist, favorites] = await Promise.all([
      db.from('series_ratings').where('user_id', userId).whereIn('series_id', ids).select('series_id', 'rating'),
      db.from('series_watchlist_items').where('user_id', userId).whereIn('series_id', ids).select('series_id'),
      db.from('series_favorites').where('user_id', userId).whereIn('series_id', ids).select('series_id'),
    ])
    const rated = new Map<number, number>(
      (ratings as { series_id: number; rating: string }[]).map((row) => [row.series_id, Number(row.rating)])
    )
    const listed = new Set((watchlist as { series_id: number }[]).map((row) => row.series_id))
    const favorite = new Set((favorites as { series_id: number }[]).map((row) => row.series_id))
    return items.map((item) => ({
      ...item,
      user_rating: rated.get(item.id) ?? null,
      in_watchlist: listed.has(item.id),
      is_favorite: favorite.has(item.id),
    }))
  }
}
