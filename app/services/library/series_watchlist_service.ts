import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Episode from '#models/episode'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import SeriesTransformer from '#transformers/series_transformer'
import WatchlistItemTransformer, { type SeriesWatchlistItem } from '#transformers/watchlist_item_transformer'
import { seriesSummaries, type ViewerSeriesSummary } from '#services/catalogue/series_summaries'
import { findEpisodeOrFail } from '#services/catalogue/series_lookup'
import { affectedRows } from '#services/database/query_helpers'
import EpisodeWatchTransformer from '#transformers/episode_watch_transformer'

export type { SeriesWatchlistItem } from '#transformers/watchlist_item_transformer'

/** A series_watchlist_items row as the list queries read it. */
export interface SeriesWatchlistRow {
  series_id: number
  created_at: Date | string
  watched: boolean
  watched_at: Date | string | null
}

export type { EpisodeWatchResource } from '#transformers/episode_watch_transformer'

/**
 * Series on the watchlist as items (with episode progress) and watched
 * episodes; adding, removing and the watched flag go through
 * SavedTitlesService with the series kind (title_kinds.ts). "Next episode to watch" is
 * the first regular episode after the furthest one the user watched (so
 * skipping ahead does not bring old episodes back), if it has aired.
 */
export default class SeriesWatchlistService {
  /** Watchlist rows → items, in the rows' order (summaries for the page in one go). */
  async items(userId: number, rows: SeriesWatchlistRow[]): Promise<SeriesWatchlistItem[]> {
    const summaries = await seriesSummaries(
      rows.map((row) => row.series_id),
      userId
    )
    return Promise.all(rows.map((row) => this.describe(userId, summaries.get(row.series_id)!, row)))
  }

  async markWatched(user: User, seriesId: number, seasonNumber: number, episodeNumber: number) {
    const episode = await findEpisodeOrFail(user, seriesId, seasonNumber, episodeNumber)
    const inserted = await db
      .table('episode_watches')
      .insert({ user_id: user.id, episode_id: episode.id, series_id: seriesId })
      .onConflict(['user_id', 'episode_id'])
      .ignore()
      .returning('id')
    const row = await db.from('episode_watches').where({ user_id: user.id, episode_id: episode.id }).firstOrFail()
    const watch = EpisodeWatchTransformer.resource(episode, row.watched_at)
    return { created: inserted.length > 0, watch }
  }

  async unmarkWatched(user: User, seriesId: number, seasonNumber: number, episodeNumber: number) {
    const episode = await findEpisodeOrFail(user, seriesId, seasonNumber, episodeNumber)
    const deleted = await db.from('episode_watches').where({ user_id: user.id, episode_id: episode.id }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound('You have not watched this episode')
  }

  /** The next aired episode after the furthest watched one, or null. */
  async nextEpisode(userId: number, seriesId: number): Promise<Episode | null> {
    const furthest = await db
      .from('episode_watches as w')
      .join('episodes as e', 'e.id', 'w.episode_id')
      .where('w.user_id', userId)
      .where('w.series_id', seriesId)
      .where('e.season_number', '>', 0)
      .orderBy('e.season_number', 'desc')
      .orderBy('e.episode_number', 'desc')
      .select('e.season_number', 'e.episode_number')
      .first()
    const query = Episode.query().where('series_id', seriesId).where('season_number', '>', 0)
    if (furthest) {
      query.where((sub) =>
        sub
          .where('season_number', '>', furthest.season_number)
          .orWhere((same) =>
            same.where('season_number', furthest.season_number).where('episode_number', '>', furthest.episode_number)
          )
      )
    }
    const next = await query.orderBy('season_number').orderBy('episode_number').first()
    if (!next?.airDate || next.airDate > DateTime.utc()) return null
    return next
  }

  /** The item as PUT/PATCH /me/watchlist/series/:series_id answer. */
  async item(user: User, seriesId: number): Promise<SeriesWatchlistItem> {
    const row = await db
      .from('series_watchlist_items')
      .where({ user_id: user.id, series_id: seriesId })
      .select('series_id', 'created_at', 'watched', 'watched_at')
      .firstOrFail()
    const [item] = await this.items(user.id, [row])
    return item
  }

  private async describe(userId: number, series: ViewerSeriesSummary, row: SeriesWatchlistRow): Promise<SeriesWatchlistItem> {
    const today = DateTime.utc().toISODate()!
    const [watched, aired, next] = await Promise.all([
      db.from('episode_watches as w')
        .join('episodes as e', 'e.id', 'w.episode_id')
        .where({ 'w.user_id': userId, 'w.series_id': series.id })
        .where('e.season_number', '>', 0)
        .count('* as total')
        .first(),
      db.from('episodes')
        .where('series_id', series.id)
        .where('season_number', '>', 0)
        .where('air_date', '<=', today)
        .count('* as total')
        .first(),
      this.nextEpisode(userId, series.id),
    ])
    return WatchlistItemTransformer.series({ createdAt: row.created_at, watched: row.watched, watchedAt: row.watched_at }, series, {
      watchedEpisodes: Number(watched?.total ?? 0),
      airedEpisodes: Number(aired?.total ?? 0),
      nextEpisode: next ? SeriesTransformer.episode(next) : null,
    })
  }
}
