import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import Movie from '#models/movie'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import MovieTransformer, { type MovieSummary, type ViewerFields } from '#transformers/movie_transformer'
import { CATALOGUE_TAG } from '#services/catalogue/catalogue_cache'
import { findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { viewerFor, visibilityClass, type Viewer } from '#services/http/viewer'
import { LIKED_THRESHOLD, type Rating } from '#services/recommender/dataset'
import {
  describeReason,
  type Candidate,
  type ListModel,
  type PreparedUser,
  type Ranker,
  type UserProfile,
} from '#services/recommender/ranker'
import { excludedMovieIds, type RatedMovie, type UserState } from '#services/recommender/user_state'
import { userState } from '#services/library/user_state_cache'
import { invalidateUserRecommendations, RECOMMENDATIONS_TAG, userRecommendationsTag } from '#services/recommender/cache'
import modelStore from '#services/recommender/model_store'
import RecommendationTransformer, {
  type HiddenMovie,
  type Reason,
  type ReasonType,
  type RecommendationItem,
} from '#transformers/recommendation_transformer'
import { visibleSummaries } from '#services/recommender/movie_cards'

export type { Reason, ReasonType, RecommendationItem }

export interface ListRequest {
  model: ListModel
  limit: number
  includeWatchlist: boolean
}

/** Extra candidates ranked beyond the limit, for titles the live visibility check drops. */
const MARGIN = 20
/** Length of the shared per-movie lists (similar / also liked) kept in the cache. */
const SHARED_LIST_LENGTH = 50
/** Prior weight of the Bayesian average in the database fallback. */
const PRIOR_VOTES = 10

/** A cached user state's ratings, prepared once per state and model (states are immutable). */
const prepared = new WeakMap<UserState, { ranker: Ranker; user: PreparedUser }>()
function preparedFor(ranker: Ranker, state: UserState): PreparedUser {
  const hit = prepared.get(state)
  if (hit && hit.ranker === ranker) return hit.user
  const ratings: Rating[] = []
  for (const r of state.ratings) {
    const item = ranker.index.get(r.movieId)
    if (item !== undefined) ratings.push({ item, rating: r.rating, time: r.time })
  }
  const user = ranker.prepareUser(ratings)
  prepared.set(state, { ranker, user })
  return user
}

/**
 * Serving side of the recommender: reads the user's state live, ranks with
 * the in-memory model (folding the user in from their current ratings),
 * checks visibility against the database, and caches the result per user.
 * The cache key carries the model version and a fingerprint of the user's
 * state, so a new rating, watchlist change or hidden movie shows at the
 * next request even if a writer forgets to invalidate.
 */
export default class RecommendationService {
  async forUser(user: User, request: ListRequest): Promise<RecommendationItem[]> {
    const { key, tags, compute } = await this.#listEntry(user, request)
    return cache.getOrSet({ key, tags, factory: compute })
  }

  /**
   * The `/me/recommendations` body, `{"data":[…]}`, as JSON text cached as
   * text: a warm read is one string handed to the socket, not a list of
   * objects parsed from the cache and serialised again.
   */
  async forUserJson(user: User, request: ListRequest): Promise<string> {
    const { key, tags, compute } = await this.#listEntry(user, request)
    return cache.getOrSet({
      key: `${key}:json`,
      tags,
      factory: async () => JSON.stringify({ data: await compute() }),
    })
  }

  async #listEntry(user: User, request: ListRequest) {
    const [state, ranker] = await Promise.all([userState(user.id), modelStore.ranker()])
    const viewer = viewerFor(user)
    const key = [
      'recs',
      ranker?.bundle.meta.version ?? 'none',
      user.id,
      state.fingerprint,
      visibilityClass(viewer),
      request.model,
      request.limit,
      request.includeWatchlist ? 'wl' : 'nowl',
    ].join(':')
    return {
      key,
      tags: [userRecommendationsTag(user.id), RECOMMENDATIONS_TAG, CATALOGUE_TAG],
      compute: () => this.#compute(ranker, state, viewer, request),
    }
  }

  async #compute(ranker: Ranker | null, state: UserState, viewer: Viewer, request: ListRequest) {
    const excluded = excludedMovieIds(state, request.includeWatchlist)
    const candidates = ranker ? ranker.list(request.model, this.#profile(ranker, state, excluded, viewer), request.limit + MARGIN) : []
    const items = await this.#materialize(ranker, candidates, viewer, state, request.limit)
    // for_you and popular_in_your_genres are never empty: top up from the catalogue
    // (no model yet, or a catalogue grown since training). Before the first model
    // every list does, so nothing is empty while the worker trains it.
    const alwaysFilled = request.model === 'for_you' || request.model === 'popular_in_your_genres' || !ranker
    if (items.length < request.limit && alwaysFilled) {
      for (const item of items) excluded.add(item.movie.id)
      const genres = state.genres.length ? state.genres : await this.#genresOfLikes(state)
      items.push(...(await this.#popularFromDatabase(genres, state, viewer, excluded, request.limit - items.length, items)))
    }
    return items
  }

  /** The ranker's view of the user: ratings and exclusions as item indexes. */
  #profile(ranker: Ranker, state: UserState, excluded: Set<number>, viewer: Viewer): UserProfile {
    const toRatings = (ratings: RatedMovie[]): Rating[] =>
      ratings.flatMap((r) => {
        const item = ranker.index.get(r.movieId)
        return item === undefined ? [] : [{ item, rating: r.rating, time: r.time }]
      })
    const excludedItems: number[] = []
    for (const id of excluded) {
      const item = ranker.index.get(id)
      if (item !== undefined) excludedItems.push(item)
    }
    return {
      ratings: toRatings(state.ratings),
      excluded: excludedItems,
      genres: state.genres,
      friends: state.friends.map((friend) => ({ name: friend.name, ratings: toRatings(friend.ratings) })),
      showsAdult: viewer.showsAdult,
      teen: viewer.maturity === 'teen',
    }
  }

  /**
   * Ranked candidates → response items, in order, keeping only movies the
   * viewer may see right now (the model's flags can be a day old).
   */
  async #materialize(
    ranker: Ranker | null,
    candidates: Candidate[],
    viewer: Viewer,
    state: UserState | null,
    limit: number
  ): Promise<RecommendationItem[]> {
    if (!ranker || !candidates.length) return []
    const out: RecommendationItem[] = []
    // A few more than needed first (the model already left out what the viewer may not see);
    // the rest only when the live check dropped some.
    let from = 0
    for (const size of [limit + 5, candidates.length]) {
      const batch = candidates.slice(from, size)
      from = size
      if (!batch.length) continue
      const summaries = await visibleSummaries(
        batch.map((candidate) => ranker.bundle.itemIds[candidate.item]),
        viewer
      )
      for (const candidate of batch) {
        const summary = summaries.get(ranker.bundle.itemIds[candidate.item])
        if (!summary) continue
        out.push(RecommendationTransformer.item(this.#withViewerFields(summary, state), candidate.score, this.#reason(ranker, candidate)))
        if (out.length >= limit) return out
      }
    }
    return out
  }

  #reason(ranker: Ranker, candidate: Candidate): Reason {
    const genreNames = ranker.genreNames
    const spec = candidate.reason
    const titleOf = (item: number) => ranker.bundle.titles[item]
    const reason: Reason = {
      type: spec.type,
      text: describeReason(spec, titleOf, (genre) => genreNames.get(genre) ?? 'your genres'),
    }
    if ((spec.type === 'similar_to_liked' || spec.type === 'liked_by_similar_users') && spec.baseline !== undefined && spec.baseline >= 0) {
      reason.baseline_movie = RecommendationTransformer.baselineMovie({
        id: ranker.bundle.itemIds[spec.baseline],
        title: ranker.bundle.titles[spec.baseline],
        year: ranker.bundle.years[spec.baseline] || null,
      })
    }
    return reason
  }

  #withViewerFields(summary: MovieSummary, state: UserState | null): MovieSummary & Partial<ViewerFields> {
    if (!state) return summary
    return {
      ...summary,
      user_rating: state.ratingOf.get(summary.id) ?? null,
      in_watchlist: state.watchlist.has(summary.id),
      is_favorite: state.favorites.has(summary.id),
    }
  }

  /**
   * Popular titles from the catalogue itself (Bayesian average times the
   * log of the number of ratings), in the user's genres when they have
   * some: onboarding genres, else the genres of their likes.
   */
  async #popularFromDatabase(
    genres: number[],
    state: UserState | null,
    viewer: Viewer,
    excluded: Set<number>,
    limit: number,
    already: RecommendationItem[]
  ): Promise<RecommendationItem[]> {
    const run = async (withGenres: boolean) => {
      const query = Movie.query()
        .apply((scopes) => scopes.visibleTo(viewer))
        .whereNotIn('movies.id', [...excluded])
        // Not out yet: /movies/upcoming is the place for those.
        .where((sub) => sub.whereNull('movies.year').orWhere('movies.year', '<=', new Date().getUTCFullYear()))
        .select('movies.*')
        .select(
          db.raw(
            `(movies.rating_sum + ?::float8 * 3.5) / (movies.rating_count + ?::float8) * ln(2 + movies.rating_count) + ln(1 + movies.popularity) / 10 AS fallback_score`,
            [PRIOR_VOTES, PRIOR_VOTES]
          )
        )
        .orderBy('fallback_score', 'desc')
        .orderBy('movies.id')
        .limit(limit)
        .preload('genres')
      if (withGenres) {
        query.whereExists((sub) =>
          sub.from('movie_genres').whereColumn('movie_genres.movie_id', 'movies.id').whereIn('movie_genres.genre_id', genres)
        )
      }
      return query
    }
    let movies = genres.length ? await run(true) : []
    if (movies.length < limit) {
      for (const movie of movies) excluded.add(movie.id)
      movies = [...movies, ...(await run(false)).filter((movie) => !movies.some((m) => m.id === movie.id))].slice(0, limit)
    }
    const top = Math.max(...movies.map((movie) => Number(movie.$extras.fallback_score)), 1e-9)
    // Below everything the model ranked.
    const ceiling = already.length ? Math.min(...already.map((item) => item.score)) : 1
    const names = new Map<number, string>()
    return movies.map((movie) => {
      for (const genre of movie.genres) names.set(genre.id, genre.name)
      const genre = movie.genres.find((g) => genres.includes(g.id))
      return RecommendationTransformer.item(
        this.#withViewerFields(MovieTransformer.summary(movie), state),
        Math.max(0, Math.min(1, ceiling * 0.5 * (Number(movie.$extras.fallback_score) / top))),
        genre
          ? { type: 'popular_in_genre' as const, text: `Popular in ${genre.name}` }
          : { type: 'trending' as const, text: 'Popular on Marquee right now' }
      )
    })
  }

  /** The three genres the user liked most (by number of liked movies). */
  async #genresOfLikes(state: UserState): Promise<number[]> {
    const liked = state.ratings.filter((r) => r.rating >= LIKED_THRESHOLD).map((r) => r.movieId)
    if (!liked.length) return []
    const rows = await db
      .from('movie_genres')
      .whereIn('movie_id', liked)
      .select('genre_id')
      .count('* as total')
      .groupBy('genre_id')
      .orderBy('total', 'desc')
      .orderBy('genre_id')
      .limit(3)
    return rows.map((row) => row.genre_id)
  }

  /**
   * GET /movies/:id/similar: the most similar movies by content. The shared
   * list (per movie and maturity class) is cached; a signed-in viewer's
   * exclusions are applied on top.
   */
  async similar(movieId: number, user: User | null, limit: number): Promise<RecommendationItem[]> {
    return this.#perMovie('similar', movieId, user, limit)
  }

  /** GET /movies/:id/recommendations: "people who liked this also liked" (collaborative). */
  async alsoLiked(movieId: number, user: User | null, limit: number): Promise<RecommendationItem[]> {
    return this.#perMovie('also_liked', movieId, user, limit)
  }

  async #perMovie(kind: 'similar' | 'also_liked', movieId: number, user: User | null, limit: number) {
    await findVisibleMovieOrFail(movieId, user)
    const viewer = viewerFor(user)
    const ranker = await modelStore.ranker()
    const shared = await cache.getOrSet({
      key: ['recs', kind, ranker?.bundle.meta.version ?? 'none', movieId, visibilityClass(viewer)].join(':'),
      tags: [RECOMMENDATIONS_TAG, CATALOGUE_TAG],
      factory: async () => {
        const item = ranker?.index.get(movieId)
        if (ranker && item !== undefined) {
          const blocked = ranker.blockedMask({ excluded: [], showsAdult: viewer.showsAdult, teen: viewer.maturity === 'teen' })
          const candidates =
            kind === 'similar'
              ? ranker.similar(item, SHARED_LIST_LENGTH, blocked)
              : ranker.alsoLiked(item, SHARED_LIST_LENGTH, blocked)
          const items = await this.#materialize(ranker, candidates, viewer, null, SHARED_LIST_LENGTH)
          if (items.length || kind === 'also_liked') return items
        }
        // No model, or a movie newer than it: similar falls back to shared genres…
        if (kind === 'similar') return this.#similarFromDatabase(movieId, viewer)
        // …and also-liked to what is popular in its genres, until a model knows it.
        const genres = (await db.from('movie_genres').where('movie_id', movieId).select('genre_id')).map(
          (row: { genre_id: number }) => row.genre_id
        )
        return this.#popularFromDatabase(genres, null, viewer, new Set([movieId]), SHARED_LIST_LENGTH, [])
      },
    })
    if (!user) return shared.slice(0, limit)
    const state = await userState(user.id)
    const excluded = excludedMovieIds(state)
    return shared
      .filter((item) => !excluded.has(item.movie.id))
      .slice(0, limit)
      .map((item) => ({ ...item, movie: this.#withViewerFields(item.movie, state) }))
  }

  /** Movies sharing the most genres with `movieId`, then the most popular: content similarity without a model. */
  async #similarFromDatabase(movieId: number, viewer: Viewer): Promise<RecommendationItem[]> {
    const source = await Movie.query().where('id', movieId).preload('genres').firstOrFail()
    const genreIds = source.genres.map((genre) => genre.id)
    if (!genreIds.length) return []
    const movies = await Movie.query()
      .apply((scopes) => scopes.visibleTo(viewer))
      .whereNot('movies.id', movieId)
      .select('movies.*')
      .select(
        db
          .from('movie_genres')
          .whereColumn('movie_genres.movie_id', 'movies.id')
          .whereIn('movie_genres.genre_id', genreIds)
          .count('*')
          .as('shared_genres')
      )
      .whereExists((sub) =>
        sub.from('movie_genres').whereColumn('movie_genres.movie_id', 'movies.id').whereIn('movie_genres.genre_id', genreIds)
      )
      .orderBy('shared_genres', 'desc')
      .orderBy('movies.rating_count', 'desc')
      .orderBy('movies.popularity', 'desc')
      .orderBy('movies.id')
      .limit(SHARED_LIST_LENGTH)
      .preload('genres')
    return movies.map((movie) => {
      const shared = movie.genres.filter((genre) => genreIds.includes(genre.id)).map((genre) => genre.name)
      return RecommendationTransformer.item(MovieTransformer.summary(movie), Number(movie.$extras.shared_genres) / genreIds.length, {
        type: 'similar_to_liked' as const,
        text: `Like ${source.title}: ${shared.slice(0, 2).join(' and ')}`,
        baseline_movie: RecommendationTransformer.baselineMovie(source),
      })
    })
  }

  /**
   * predicted_rating of MovieDetail: what the model expects the user to
   * rate the movie (0.5–5, one decimal), or null without a model or when
   * the movie is unknown to it.
   */
  async predictedRating(state: UserState, movieId: number): Promise<number | null> {
    const ranker = await modelStore.ranker()
    const item = ranker?.index.get(movieId)
    if (!ranker || item === undefined) return null
    const prediction = ranker.predictPrepared(preparedFor(ranker, state), item)
    return prediction === null ? null : Math.round(prediction * 10) / 10
  }

  /** PUT /me/recommendations/hidden/:movie_id — created tells 201 from 200. */
  async hide(user: User, movieId: number): Promise<{ created: boolean; hidden: HiddenMovie }> {
    await findVisibleMovieOrFail(movieId, user)
    const inserted = await db
      .table('hidden_recommendations')
      .insert({ user_id: user.id, movie_id: movieId })
      .onConflict(['user_id', 'movie_id'])
      .ignore()
      .returning('created_at')
    const row = inserted[0] ?? (await db.from('hidden_recommendations').where({ user_id: user.id, movie_id: movieId }).first())
    await invalidateUserRecommendations(user.id)
    return {
      created: inserted.length > 0,
      hidden: RecommendationTransformer.hiddenMovie(movieId, row.created_at),
    }
  }

  /** DELETE /me/recommendations/hidden/:movie_id — 404 when it was not hidden. */
  async unhide(user: User, movieId: number): Promise<void> {
    const deleted = await db.from('hidden_recommendations').where({ user_id: user.id, movie_id: movieId }).delete()
    if (!Number(deleted)) throw ApiException.notFound('This movie is not hidden from your recommendations')
    await invalidateUserRecommendations(user.id)
  }
}
