import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import type User from '#models/user'
import type { CommentPolicyValue } from '#models/comment'
import ApiException from '#exceptions/api_exception'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { affectedRows, windowTotal } from '#services/database/query_helpers'
import { recordActivity } from '#services/social/activities'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { TITLE_AGGREGATES, type TitleKind, type TitleKindName } from '#services/catalogue/title_kinds'
import { userState } from '#services/library/user_state_cache'
import { statePage } from '#services/library/state_lists'
import type { RatedMovie as StateRating, UserState } from '#services/recommender/user_state'
import RatingTransformer, {
  type RatedMovie,
  type RatingResource,
  type RatingRow,
  type TitleAggregatesRow,
} from '#transformers/rating_transformer'
import type { RATING_SORTS } from '#validators/rating'

export type { RatingResource } from '#transformers/rating_transformer'

export interface RatingInput {
  rating: number
  /** undefined keeps the current review, null (or '') removes it. */
  review?: string | null
  containsSpoilers?: boolean
  /** Who may comment on the review (kinds with `reviewComments`); undefined keeps it. */
  commentPolicy?: CommentPolicyValue
}

export type { RatedMovie } from '#transformers/rating_transformer'

/**
 * Ratings of titles of any kind (movies, series: title_kinds.ts) and their
 * review text. One row per user and title: the unique index decides, so
 * concurrent PUTs of one user end as one row. A trigger on the ratings
 * table keeps the title's aggregates (another drops a movie review's
 * comments when its text is removed: migration 0101); the title's caches are dropped before
 * the response so the next reader sees them, and `user:library_changed`
 * drops what is derived from the user's library.
 */
export default class RatingService {
  async upsert<K extends TitleKindName>(
    kind: TitleKind<K>,
    user: User,
    titleId: number,
    input: RatingInput
  ): Promise<{ created: boolean; rating: RatingResource<K> }> {
    // Movies check on the in-memory detail: no query for the hot write.
    await kind.assertVisible(titleId, user)

    const review = input.review === undefined ? undefined : input.review?.trim() || null
    const now = new Date()
    const onUpdate: Record<string, unknown> = { rating: input.rating, updated_at: now }
    if (review !== undefined) onUpdate.review = review
    if (input.containsSpoilers !== undefined) onUpdate.contains_spoilers = input.containsSpoilers
    const insert: Record<string, unknown> = {}
    const returning = ['id', kind.key, 'rating', 'review', 'contains_spoilers', 'created_at', 'updated_at']
    if (kind.reviewComments) {
      returning.push('comment_policy')
      if (input.commentPolicy !== undefined) insert.comment_policy = onUpdate.comment_policy = input.commentPolicy
    }

    // INSERT … ON CONFLICT DO UPDATE is atomic; `xmax = 0` tells an insert from an update.
    const [row]: (RatingRow & { xmax: string | number })[] = await db
      .table(kind.ratings)
      .insert({
        user_id: user.id,
        [kind.key]: titleId,
        rating: input.rating,
        review: review ?? null,
        contains_spoilers: input.containsSpoilers ?? false,
        ...insert,
        created_at: now,
        updated_at: now,
      })
      .onConflict(['user_id', kind.key])
      .merge(onUpdate)
      .returning([...returning, 'xmax'])

    const created = String(row.xmax) === '0'
    const activities = kind.activities
    const [title] = await Promise.all([
      // The trigger updated the aggregates in the INSERT's statement: read them back.
      db
        .from(kind.table)
        .where('id', titleId)
        .select('id', ...TITLE_AGGREGATES)
        .firstOrFail() as Promise<TitleAggregatesRow>,
      // Independent of each other, so in parallel: the next reader of the title and the
      // caller's own next reads (per-user fields, feed, recommendations) see the rating at once.
      kind.invalidate(titleId),
      emitter.emit('user:library_changed', { userId: user.id, change: 'rating' }),
      // Friends' feed: a first rating, then (in this order, the feed sorts by time) a review
      // once it has text; the fan-out is a job.
      (async () => {
        if (!activities) return
        if (created) await recordActivity(user.id, activities.rating, Number(row.id), titleId)
        if (row.review) await recordActivity(user.id, activities.review, Number(row.id), titleId)
      })(),
    ])

    return { created, rating: RatingTransformer.resource(kind, row, title) }
  }

  /** 404 when the user has not rated the title. Likes of the review go with it. */
  async destroy(kind: TitleKind, user: User, titleId: number) {
    await kind.assertVisible(titleId, user)
    const deleted = await db.from(kind.ratings).where({ user_id: user.id, [kind.key]: titleId }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound(`You have not rated this ${kind.noun}`)
    await Promise.all([
      kind.invalidate(titleId),
      emitter.emit('user:library_changed', { userId: user.id, change: 'rating' }),
    ])
  }

/**
   * GET /me/ratings: rated movies as MovieSummary + user_rating, rated_at.
   * Served from the caller's in-memory state (their ratings, in the order
   * asked, memoised per state) and the shared movie cards: no query once
   * both are warm. /users/:id/ratings reads the database (listRatedBy).
   */
  async listForUser(
    user: User,
    sort: (typeof RATING_SORTS)[number],
    page: PageRequest,
    path: string,
    query: Record<string, unknown>
  ): Promise<Page<RatedMovie>> {
    const state = await userState(user.id)
    const ordered = (hidden: ReadonlySet<number>) => ownRatingsInOrder(state, hidden, sort)
    const { total, items } = await statePage(state, `ratings:${sort}`, ordered, page)
    const data = items.map((rated) => RatingTransformer.ratedMovie(rated.movie, rated.rating, new Date(rated.time)))
    return { data, meta: paginationMeta(total, page, path, query) }
  }

  /**
   * A page of `ownerId`'s rated movies (GET /me/ratings, GET /users/:id/ratings):
   * `user_rating` and `rated_at` are the owner's, the other per-user fields the viewer's.
   */
  async listRatedBy(
    ownerId: number,
    viewerId: number,
    sort: (typeof RATING_SORTS)[number],
    page: PageRequest,
    path: string,
    query: Record<string, unknown>
  ): Promise<Page<RatedMovie>> {
    // One query for the page and the total (a window count); the movies follow in one more.
    const rated = () =>
      db
        .from('ratings')
        .where('ratings.user_id', ownerId)
        .whereExists((movies) =>
          movies.from('movies').whereColumn('movies.id', 'ratings.movie_id').where('movies.is_hidden', false)
        )
    const ordered = rated().select(
      'ratings.movie_id',
      'ratings.rating',
      'ratings.updated_at',
      db.raw('count(*) OVER () AS total')
    )
    if (sort === '-user_rating' || sort === 'user_rating') {
      ordered.orderBy('ratings.rating', sort === '-user_rating' ? 'desc' : 'asc').orderBy('ratings.updated_at', 'desc')
    } else {
      ordered.orderBy('ratings.updated_at', sort === 'rated_at' ? 'asc' : 'desc')
    }
    const ratings: { movie_id: number; rating: string | number; updated_at: Date; total: string }[] = await ordered
      .orderBy('ratings.id', 'desc')
      .offset((page.page - 1) * page.perPage)
      .limit(page.perPage)
    const total = await windowTotal(ratings, async () => (await rated().count('* as total'))[0].total)

    const movies = await movieSummaries(
      ratings.map((rating) => rating.movie_id),
      viewerId
    )
    const data = ratings
      .filter((rating) => movies.has(rating.movie_id))
      .map((rating) => RatingTransformer.ratedMovie(movies.get(rating.movie_id)!, rating.rating, rating.updated_at))
    return { data, meta: paginationMeta(total, page, path, query) }
  }
}

/** The state's ratings without hidden movies, in `sort` order (ties: the newest change, then the higher movie id). */
function ownRatingsInOrder(
  state: UserState,
  hidden: ReadonlySet<number>,
  sort: (typeof RATING_SORTS)[number]
): StateRating[] {
  const newest = (a: StateRating, b: StateRating) => b.time - a.time || b.movieId - a.movieId
  const compare =
    sort === '-user_rating'
      ? (a: StateRating, b: StateRating) => b.rating - a.rating || newest(a, b)
      : sort === 'user_rating'
        ? (a: StateRating, b: StateRating) => a.rating - b.rating || newest(a, b)
        : sort === 'rated_at'
          ? (a: StateRating, b: StateRating) => a.time - b.time || b.movieId - a.movieId
          : newest
  return state.ratings.filter((rated) => !hidden.has(rated.movieId)).sort(compare)
}
