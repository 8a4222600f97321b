import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import Rating from '#models/rating'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { invalidateMovie } from '#services/catalogue/catalogue_cache'
import { assertVisibleMovie, findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { movieSummaries, type ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import { affectedRows, toIso } from '#services/database/query_helpers'
import { recordActivity } from '#services/social/activities'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import type { RATING_SORTS } from '#validators/rating'

export interface RatingInput {
  rating: number
  /** undefined keeps the current review, null (or '') removes it. */
  review?: string | null
  containsSpoilers?: boolean
}

export interface RatingResource {
  id: number
  movie_id: number
  rating: number
  review: string | null
  contains_spoilers: boolean
  created_at: string
  updated_at: string
  /** The movie's site aggregates after this write. */
  movie: { id: number; average_rating: number | null; rating_count: number }
}

export type RatedMovie = ViewerMovieSummary & { user_rating: number; rated_at: string }

/**
 * Ratings and their review text. One row per user and movie: the unique
 * index decides, so concurrent PUTs of one user end as one row. The ratings
 * trigger keeps the movie's aggregates; the catalogue cache of the movie is
 * dropped before the response so the next reader sees them.
 */
export default class RatingService {
  async upsert(user: User, movieId: number, input: RatingInput): Promise<{ created: boolean; rating: RatingResource }> {
    // From the in-memory movie detail: no query for the hot write.
    await assertVisibleMovie(movieId, user)

    const review = input.review === undefined ? undefined : input.review?.trim() || null
    const now = new Date()
    const onUpdate: Record<string, unknown> = { rating: input.rating, updated_at: now }
    if (review !== undefined) onUpdate.review = review
    if (input.containsSpoilers !== undefined) onUpdate.contains_spoilers = input.containsSpoilers

    // INSERT … ON CONFLICT DO UPDATE is atomic; `xmax = 0` tells an insert from an update.
    const [row] = await db
      .table('ratings')
      .insert({
        user_id: user.id,
        movie_id: movieId,
        rating: input.rating,
        review: review ?? null,
        contains_spoilers: input.containsSpoilers ?? false,
        created_at: now,
        updated_at: now,
      })
      .onConflict(['user_id', 'movie_id'])
      .merge(onUpdate)
      .returning(['id', 'movie_id', 'rating', 'review', 'contains_spoilers', 'created_at', 'updated_at', 'xmax'])

    const created = String(row.xmax) === '0'
    const [movie] = await Promise.all([
      // The trigger updated the aggregates in the INSERT's statement: read them back.
      db.from('movies').where('id', movieId).select('id', 'average_rating', 'rating_count').firstOrFail(),
      // Independent of each other, so in parallel: the next reader of the movie and the
      // caller's own next reads (per-user fields, recommendations) see the rating at once.
      invalidateMovie(movieId),
      emitter.emit('user:library_changed', { userId: user.id, change: 'rating' }),
      // Friends' feed: a first rating, then (in this order, the feed sorts by time) a review
      // once it has text; the fan-out is a job.
      (async () => {
        if (created) await recordActivity(user.id, 'rating', Number(row.id), movieId)
        if (row.review) await recordActivity(user.id, 'review', Number(row.id), movieId)
      })(),
    ])

    return {
      created,
      rating: {
        id: Number(row.id),
        movie_id: row.movie_id,
        rating: Number(row.rating),
        review: row.review,
        contains_spoilers: row.contains_spoilers,
        created_at: toIso(row.created_at),
        updated_at: toIso(row.updated_at),
        movie: {
          id: movie.id,
          average_rating: movie.average_rating === null ? null : Math.round(movie.average_rating * 100) / 100,
          rating_count: movie.rating_count,
        },
      },
    }
  }

  /** 404 when the user has not rated the movie. Likes of the review go with it. */
  async destroy(user: User, movieId: number) {
    await findVisibleMovieOrFail(movieId, user)
    const deleted = await Rating.query().where({ userId: user.id, movieId }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound('You have not rated this movie')
    await invalidateMovie(movieId)
    await emitter.emit('user:library_changed', { userId: user.id, change: 'rating' })
  }

  /** GET /me/ratings: rated movies as MovieSummary + user_rating, rated_at. */
  async listForUser(
    user: User,
    sort: (typeof RATING_SORTS)[number],
    page: PageRequest,
    path: string,
    query: Record<string, unknown>
  ): Promise<Page<RatedMovie>> {
    // One query for the page and the total (a window count); the movies follow in one more.
    const ordered = db
      .from('ratings')
      .where('ratings.user_id', user.id)
      .whereExists((movies) =>
        movies.from('movies').whereColumn('movies.id', 'ratings.movie_id').where('movies.is_hidden', false)
      )
      .select('ratings.movie_id', 'ratings.rating', 'ratings.updated_at', db.raw('count(*) OVER () AS total'))
    if (sort === '-user_rating' || sort === 'user_rating') {
      ordered.orderBy('ratings.rating', sort === '-user_rating' ? 'desc' : 'asc').orderBy('ratings.updated_at', 'desc')
    } else {
      ordered.orderBy('ratings.updated_at', sort === 'rated_at' ? 'asc' : 'desc')
    }
    const ratings: { movie_id: number; rating: string | number; updated_at: Date; total: string }[] = await ordered
      .orderBy('ratings.id', 'desc')
      .offset((page.page - 1) * page.perPage)
      .limit(page.perPage)
    // Past the last page the window has no row to count on.
    const total = ratings.length
      ? Number(ratings[0].total)
      : Number(
          (
            await db
              .from('ratings')
              .where('ratings.user_id', user.id)
              .whereExists((movies) =>
                movies.from('movies').whereColumn('movies.id', 'ratings.movie_id').where('movies.is_hidden', false)
              )
              .count('* as total')
          )[0].total
        )

    const movies = await movieSummaries(
      ratings.map((rating) => rating.movie_id),
      user.id
    )
    const data = ratings
      .filter((rating) => movies.has(rating.movie_id))
      .map((rating) => ({
        ...movies.get(rating.movie_id)!,
        user_rating: Number(rating.rating),
        rated_at: toIso(rating.updated_at),
      }))
    return { data, meta: paginationMeta(total, page, path, query) }
  }
}
