import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { MOVIES } from '#models/movie'
import { isVisibleTo, type VisibilityFields } from '#models/catalogue_scopes'
import ApiException from '#exceptions/api_exception'
import { viewerFor } from '#services/http/viewer'
import { windowTotal } from '#services/database/query_helpers'
import { movieEngagementTags } from '#services/catalogue/movie_engagement_cache'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import MovieStatsTransformer, {
  type MovieStats,
  type MovieStatsRow,
  type MovieTagCount,
} from '#transformers/movie_stats_transformer'

export type { MovieStats, MovieTagCount } from '#transformers/movie_stats_transformer'

interface VisibilityRow {
  is_hidden: boolean
  adult: boolean
  certification: string | null
}

/** A cached stats entry: the body, and what decides who may see the movie (catalogue_scopes.ts). */
interface StatsEntry {
  stats: MovieStats
  visibility: VisibilityFields
}

/**
 * What people do with a movie, shared by every viewer (no per-user field):
 * its rating figures and histogram, how many watched, saved, listed and
 * reviewed it (GET /movies/:id/stats), and its user tags by use
 * (GET /movies/:id/tags). Both are cached under the movie's engagement tags
 * (movie_engagement_cache.ts) and dropped by the writes that change them.
 * The stats entry carries the movie's visibility fields (dropped with it by
 * every change of the movie: `movie:<id>`), so a hit is one L1 read and the
 * visibility rule on it, and a miss is one query — the movie's detail is
 * not loaded for a number it does not show.
 */
export default class MovieStatsService {
  /** 404 when the movie does not exist or the viewer may not see it. */
  async stats(movieId: number, user: User | null): Promise<MovieStats> {
    return (await this.visibleEntry(movieId, user)).stats
  }

  /** A page of the movie's tags, most used first (then by tag). */
  async tags(
    movieId: number,
    user: User | null,
    page: PageRequest,
    path: string,
    query: Record<string, unknown>
  ): Promise<Page<MovieTagCount>> {
    await this.visibleEntry(movieId, user)
    const cached = await cache.getOrSet({
      key: `movie-tags:${movieId}:${page.page}:${page.perPage}`,
      tags: movieEngagementTags(movieId),
      factory: () => this.loadTags(movieId, page),
    })
    return { data: cached.data, meta: paginationMeta(cached.total, page, path, query) }
  }

  /** The cached entry, or a 404 when the movie does not exist or the viewer may not see it. */
  private async visibleEntry(movieId: number, user: User | null): Promise<StatsEntry> {
    const entry: StatsEntry | undefined = await cache.getOrSet({
      key: `movie-stats:${movieId}`,
      tags: movieEngagementTags(movieId),
      // Nothing is cached for a movie that does not exist.
      factory: async (ctx) => (await this.loadStats(movieId)) ?? ctx.skip(),
    })
    if (!entry || !isVisibleTo(entry.visibility, MOVIES, viewerFor(user))) throw ApiException.notFound('Movie not found')
    return entry
  }

  /**
   * One round trip. The rating figures are the movie row's (kept by the
   * ratings trigger, histogram included); a movie counts as watched by a user
   * who rated it, logged it in the diary or marked it watched on the
   * watchlist, so watched_count is rating_count plus the loggers and
   * watchers who did not rate it (no pass over all the ratings).
   */
  private async loadStats(movieId: number): Promise<StatsEntry | null> {
    const result = await db.rawQuery<{ rows: (MovieStatsRow & VisibilityRow)[] }>(
      `SELECT m.is_hidden, m.adult, m.certification, m.rating_count, m.average_rating, m.rating_histogram,
              m.rating_count + (
                SELECT count(*) FROM (
                  SELECT d.user_id FROM diary_entries d WHERE d.movie_id = m.id
                  UNION
                  SELECT w.user_id FROM watchlist_items w WHERE w.movie_id = m.id AND w.watched
                ) seen
                WHERE NOT EXISTS (SELECT 1 FROM ratings r WHERE r.user_id = seen.user_id AND r.movie_id = m.id)
              ) AS watched_count,
              (SELECT count(*) FROM watchlist_items w WHERE w.movie_id = m.id) AS watchlist_count,
              (SELECT count(*) FROM favorites f WHERE f.movie_id = m.id) AS favorite_count,
              (SELECT count(*) FROM list_items li JOIN lists l ON l.id = li.list_id
                WHERE li.movie_id = m.id AND l.privacy = 'public') AS list_count,
              (SELECT count(*) FROM ratings r
                WHERE r.movie_id = m.id AND r.review IS NOT NULL AND r.hidden_at IS NULL) AS review_count
         FROM movies m WHERE m.id = ?`,
      [movieId]
    )
    const row = result.rows[0]
    if (!row) return null
    return {
      stats: MovieStatsTransformer.stats(row),
      visibility: { hidden: row.is_hidden, adult: row.adult, certification: row.certification },
    }
  }

  /**
   * Tags are grouped case-insensitively ("Dark" and "dark" are one tag,
   * shown in its most used spelling) and counted once per user.
   */
  private async loadTags(movieId: number, page: PageRequest): Promise<{ total: number; data: MovieTagCount[] }> {
    const rows: { tag: string; count: string | number; total: string | number }[] = await db
      .from('movie_tags')
      .where('movie_id', movieId)
      .groupByRaw('lower(tag)')
      .select(
        db.raw('mode() WITHIN GROUP (ORDER BY tag) AS tag'),
        db.raw('count(DISTINCT user_id) AS count'),
        db.raw('count(*) OVER () AS total')
      )
      .orderBy('count', 'desc')
      .orderByRaw('lower(tag) ASC')
      .offset((page.page - 1) * page.perPage)
      .limit(page.perPage)
    const total = await windowTotal(
      rows,
      async () =>
        (
          await db
            .from('movie_tags')
            .where('movie_id', movieId)
            .select(db.raw('count(DISTINCT lower(tag)) AS total'))
            .first()
        )?.total
    )
    return { total, data: rows.map((row) => MovieStatsTransformer.tagCount(row)) }
  }
}
