import db from '@adonisjs/lucid/services/db'
import Rating from '#models/rating'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { findVisibleMovieOrFail } from '#services/movie_lookup'
import { movieSummaries, type ViewerMovieSummary } from '#services/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/pagination'
import { hiddenUserIdsFor, isBlockedBetween } from '#services/friendship_gate'
import UserSummaryTransformer, { type UserSummary } from '#transformers/user_summary_transformer'
import type { REVIEW_SORTS } from '#validators/rating'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'

type ReviewSort = (typeof REVIEW_SORTS)[number]
type RatingQuery = ModelQueryBuilderContract<typeof Rating, Rating>

export interface Review {
  id: number
  user: UserSummary
  rating: number
  body: string
  contains_spoilers: boolean
  likes: number
  /** Whether the caller liked it (only with a token). */
  liked?: boolean
  created_at: string
  updated_at: string
}

export type MyReview = Omit<Review, 'user'> & { movie: ViewerMovieSummary }

interface ListOptions {
  sort: ReviewSort
  page: PageRequest
  path: string
  query: Record<string, unknown>
}

/**
 * Reviews are the text of ratings (`ratings.review`): listing them, liking
 * them. Review ids are rating ids.
 */
export default class ReviewService {
  async listForMovie(movieId: number, viewer: User | null, options: ListOptions): Promise<Page<Review>> {
    await findVisibleMovieOrFail(movieId, viewer)
    const hidden = await hiddenUserIdsFor(viewer?.id ?? null)
    // Reviews a moderator hid (ratings.hidden_at) leave every public listing.
    const base = Rating.query()
      .where('ratings.movie_id', movieId)
      .whereNotNull('ratings.review')
      .whereNull('ratings.hidden_at')
    if (hidden.length) base.whereNotIn('ratings.user_id', hidden)

    const total = await this.count(base)
    const ratings = await this.page(base, options).preload('user')
    const liked = await this.likedByViewer(viewer, ratings)
    const data = ratings.map((rating) => ({
      ...this.reviewFields(rating, liked),
      user: UserSummaryTransformer.summary(rating.user),
    }))
    return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
  }

  async listForUser(user: User, options: ListOptions): Promise<Page<MyReview>> {
    const base = Rating.query()
      .where('ratings.user_id', user.id)
      .whereNotNull('ratings.review')
      .whereExists((movies) =>
        movies.from('movies').whereColumn('movies.id', 'ratings.movie_id').where('movies.is_hidden', false)
      )
    const total = await this.count(base)
    const ratings = await this.page(base, options)
    const [liked, movies] = await Promise.all([
      this.likedByViewer(user, ratings),
      movieSummaries(
        ratings.map((rating) => rating.movieId),
        user.id
      ),
    ])
    const data = ratings
      .filter((rating) => movies.has(rating.movieId))
      .map((rating) => ({ ...this.reviewFields(rating, liked), movie: movies.get(rating.movieId)! }))
    return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
  }

  /**
   * A review the caller may see: a rating with review text on a movie they
   * may see, by someone who has not blocked them (404 otherwise).
   */
  async findVisibleOrFail(reviewId: number, viewer: User): Promise<Rating> {
    const rating = await Rating.query().where('id', reviewId).whereNotNull('review').first()
    if (!rating || (await isBlockedBetween(rating.userId, viewer.id))) {
      throw ApiException.notFound('Review not found')
    }
    try {
      await findVisibleMovieOrFail(rating.movieId, viewer)
    } catch {
      throw ApiException.notFound('Review not found')
    }
    return rating
  }

  /** Idempotent: liking twice is one like. */
  async like(reviewId: number, user: User) {
    const review = await this.findVisibleOrFail(reviewId, user)
    await db
      .table('review_likes')
      .insert({ user_id: user.id, rating_id: review.id })
      .onConflict(['user_id', 'rating_id'])
      .ignore()
  }

  /** Idempotent: unliking what is not liked is fine. */
  async unlike(reviewId: number, user: User) {
    const review = await this.findVisibleOrFail(reviewId, user)
    await db.from('review_likes').where({ user_id: user.id, rating_id: review.id }).delete()
  }

  private reviewFields(rating: Rating, liked: Set<number> | null) {
    return {
      id: Number(rating.id),
      rating: rating.rating,
      body: rating.review!,
      contains_spoilers: rating.containsSpoilers,
      likes: Number(rating.$extras.likes ?? 0),
      ...(liked ? { liked: liked.has(Number(rating.id)) } : {}),
      created_at: rating.createdAt.toUTC().toISO()!,
      updated_at: rating.updatedAt.toUTC().toISO()!,
    }
  }

  private async count(base: RatingQuery) {
    const [row] = await base.clone().count('* as total')
    return Number(row.$extras.total)
  }

  private page(base: RatingQuery, { sort, page }: ListOptions) {
    const query = base
      .clone()
      .select('ratings.*')
      .select(db.raw('(SELECT count(*) FROM review_likes rl WHERE rl.rating_id = ratings.id)::int AS likes'))
    switch (sort) {
      case 'created_at':
        query.orderBy('ratings.created_at', 'asc')
        break
      case '-likes':
        query.orderByRaw('likes DESC').orderBy('ratings.created_at', 'desc')
        break
      case '-rating':
        query.orderBy('ratings.rating', 'desc').orderBy('ratings.created_at', 'desc')
        break
      case 'rating':
        query.orderBy('ratings.rating', 'asc').orderBy('ratings.created_at', 'desc')
        break
      default:
        query.orderBy('ratings.created_at', 'desc')
    }
    return query
      .orderBy('ratings.id', 'desc')
      .offset((page.page - 1) * page.perPage)
      .limit(page.perPage)
  }

  private async likedByViewer(viewer: User | null, ratings: Rating[]): Promise<Set<number> | null> {
    if (!viewer) return null
    if (!ratings.length) return new Set()
    const rows = await db
      .from('review_likes')
      .where('user_id', viewer.id)
      .whereIn(
        'rating_id',
        ratings.map((rating) => rating.id)
      )
      .select('rating_id')
    return new Set(rows.map((row) => Number(row.rating_id)))
  }
}
