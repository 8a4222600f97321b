import db from '@adonisjs/lucid/services/db'
import Series from '#models/series'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { invalidateSeries } from '#services/catalogue/series_cache'
import { invalidateFeedsOf } from '#services/social/feed_cache'
import { affectedRows, toIso } from '#services/database/query_helpers'
import { findEpisodeOrFail, findVisibleSeriesOrFail } from '#services/catalogue/series_lookup'

/** The per-user fields of series summaries, as on movies. */
export interface SeriesViewerFields {
  user_rating: number | null
  in_watchlist: boolean
  is_favorite: boolean
}

export interface SeriesRatingInput {
  rating: number
  /** undefined keeps the current review, null (or '') removes it. */
  review?: string | null
  containsSpoilers?: boolean
}

export interface SeriesRatingResource {
  id: number
  series_id: number
  rating: number
  review: string | null
  contains_spoilers: boolean
  created_at: string
  updated_at: string
  /** The show's site aggregates after this write. */
  series: { id: number; average_rating: number | null; rating_count: number }
}

export interface EpisodeRatingResource {
  id: number
  episode_id: number
  series_id: number
  season_number: number
  episode_number: number
  rating: number
  created_at: string
  updated_at: string
}

/**
 * Ratings of series and of episodes. One row per user and show (episode):
 * the unique index decides, so concurrent PUTs end as one row. A trigger
 * keeps the show's aggregates; its cache is dropped before the response.
 */
export default class SeriesRatingService {
  async upsertSeries(user: User, seriesId: number, input: SeriesRatingInput) {
    await findVisibleSeriesOrFail(seriesId, user)
    const review = input.review === undefined ? undefined : input.review?.trim() || null
    const now = new Date()
    const onUpdate: Record<string, unknown> = { rating: input.rating, updated_at: now }
    if (review !== undefined) onUpdate.review = review
    if (input.containsSpoilers !== undefined) onUpdate.contains_spoilers = input.containsSpoilers

    // `xmax = 0` tells an insert from an update.
    const [row] = await db
      .table('series_ratings')
      .insert({
        user_id: user.id,
        series_id: seriesId,
        rating: input.rating,
        review: review ?? null,
        contains_spoilers: input.containsSpoilers ?? false,
        created_at: now,
        updated_at: now,
      })
      .onConflict(['user_id', 'series_id'])
      .merge(onUpdate)
      .returning(['id', 'series_id', 'rating', 'review', 'contains_spoilers', 'created_at', 'updated_at', 'xmax'])
    await invalidateSeries(seriesId)
    // The caller's own feed shows their rating on series summaries.
    await invalidateFeedsOf([user.id])

    const series = await Series.query().select('id', 'average_rating', 'rating_count').where('id', seriesId).firstOrFail()
    const rating: SeriesRatingResource = {
      id: Number(row.id),
      series_id: row.series_id,
      rating: Number(row.rating),
      review: row.review,
      contains_spoilers: row.contains_spoilers,
      created_at: toIso(row.created_at),
      updated_at: toIso(row.updated_at),
      series: {
        id: series.id,
        average_rating: series.averageRating === null ? null : Math.round(series.averageRating * 100) / 100,
        rating_count: series.ratingCount,
      },
    }
    return { created: String(row.xmax) === '0', rating }
  }

  /** 404 when the user has not rated the show. */
  async destroySeries(user: User, seriesId: number) {
    await findVisibleSeriesOrFail(seriesId, user)
    const deleted = await db.from('series_ratings').where({ user_id: user.id, series_id: seriesId }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound('You have not rated this series')
    await invalidateSeries(seriesId)
    await invalidateFeedsOf([user.id])
  }

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
    const rating: EpisodeRatingResource = {
      id: Number(row.id),
      episode_id: episode.id,
      series_id: seriesId,
      season_number: seasonNumber,
      episode_number: episodeNumber,
      rating: Number(row.rating),
      created_at: toIso(row.created_at),
      updated_at: toIso(row.updated_at),
    }
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
