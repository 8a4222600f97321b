import db from '@adonisjs/lucid/services/db'
import Series from '#models/series'
import type User from '#models/user'
import { LIKED_THRESHOLD } from '#services/recommender/dataset'
import RecommendationTransformer, {
  type HiddenSeries,
  type Reason,
  type SeriesRecommendationItem,
} from '#transformers/recommendation_transformer'
import { seriesSummaries } from '#services/catalogue/series_summaries'
import { viewerFor } from '#services/http/viewer'
import { findVisibleSeriesOrFail } from '#services/catalogue/series_lookup'
import ApiException from '#exceptions/api_exception'
import { affectedRows } from '#services/database/query_helpers'
import { DEFAULT_FIELD_WEIGHTS, TermField } from '#services/recommender/models/content'

export type { SeriesRecommendationItem }

/**
 * TMDB's TV genres are coarser than its movie genres ("Sci-Fi & Fantasy"
 * for both "Science Fiction" and "Fantasy"), so a liked title's genres map
 * onto TV genres by name. Names not listed map to themselves (Drama, Crime…).
 */
const TV_GENRE_BY_MOVIE_GENRE: Record<string, string[]> = {
  'action': ['action & adventure'],
  'adventure': ['action & adventure'],
  'science fiction': ['sci-fi & fantasy'],
  'fantasy': ['sci-fi & fantasy'],
  'war': ['war & politics'],
  'history': ['war & politics'],
  'thriller': ['mystery', 'crime'],
  'romance': ['soap'],
  'family': ['family', 'kids'],
}

/** A liked title weighs 1 in its genres; an onboarding genre half that. */
const LIKED_WEIGHT = 1
const PROFILE_WEIGHT = 0.5
/** Content affinity dominates; popularity breaks ties and lifts well-known shows a little. */
const AFFINITY_SHARE = 0.8
const POPULARITY_SHARE = 0.2
/** Popular fill-ins score below any genre match. */
const FALLBACK_SHARE = 0.5

/**
 * Content terms of a show for /series/:id/similar, weighted as the movie
 * content model weighs genres and keywords; a network is a weaker signal
 * (a broadcaster airs many kinds of show).
 */
const SIMILAR_FIELD_WEIGHTS = {
  genre: DEFAULT_FIELD_WEIGHTS[TermField.Genre],
  keyword: DEFAULT_FIELD_WEIGHTS[TermField.Keyword],
  network: 0.6,
} as const
type SimilarField = keyof typeof SIMILAR_FIELD_WEIGHTS

interface SeriesTerm {
  seriesId: number
  key: string
  label: string
  field: SimilarField
}

/**
 * GET /me/recommendations?type=series: content-based picks from the genres
 * of the series and movies the user liked (rated >= 3.5 or favourited) and
 * their onboarding genres, topped up with popular series so the list is
 * never empty. Never a show the user rated, favourited, logged, watched an
 * episode of or hid ("not interested"), or (unless asked) has on the watchlist. Computed live: the
 * series catalogue is small, and a new rating counts at once. Leaves the
 * movie recommender (trainer, models) alone.
 */
export default class SeriesRecommendationService {
  async forUser(user: User, options: { limit: number; includeWatchlist: boolean }): Promise<SeriesRecommendationItem[]> {
    const [weights, excluded] = await Promise.all([this.genreWeights(user.id), this.excludedSeries(user.id, options.includeWatchlist)])

    const candidates = await Series.query()
      .apply((scopes) => scopes.visibleTo(viewerFor(user)))
      .if(excluded.length > 0, (query) => query.whereNotIn('series.id', excluded))
      .preload('genres')
      .select('series.id', 'series.popularity', 'series.name')
    if (!candidates.length) return []

    const maxPopularity = Math.max(...candidates.map((series) => series.popularity), 1e-9)
    const scored = candidates.map((series) => {
      let affinity = 0
      let best: { name: string; weight: number } | null = null
      for (const genre of series.genres) {
        const weight = weights.get(genre.name.toLowerCase()) ?? 0
        affinity += weight
        if (weight > 0 && (!best || weight > best.weight)) best = { name: genre.name, weight }
      }
      return { series, affinity, best, popularity: series.popularity / maxPopularity }
    })
    const maxAffinity = Math.max(...scored.map((entry) => entry.affinity), 0)

    const picks = scored
      .map((entry) => {
        if (entry.affinity > 0 && entry.best) {
          const score = AFFINITY_SHARE * (entry.affinity / maxAffinity) + POPULARITY_SHARE * entry.popularity
          const reason: Reason = { type: 'popular_in_genre', text: `Because you like ${entry.best.name}` }
          return { id: entry.series.id, score, reason, popularity: entry.series.popularity }
        }
        const reason: Reason = { type: 'trending', text: 'Popular on Marquee' }
        return { id: entry.series.id, score: FALLBACK_SHARE * POPULARITY_SHARE * entry.popularity, reason, popularity: entry.series.popularity }
      })
      .sort((a, b) => b.score - a.score || b.popularity - a.popularity || a.id - b.id)
      .slice(0, options.limit)

    const summaries = await seriesSummaries(
      picks.map((pick) => pick.id),
      user.id
    )
    return picks.map((pick) => {
      const summary = summaries.get(pick.id)!
      return RecommendationTransformer.seriesItem(summary, Math.min(1, Math.max(0, pick.score)), pick.reason)
    })
  }

  /** TV genre name (lower case) → weight, from liked series, liked movies and onboarding genres. */
  private async genreWeights(userId: number): Promise<Map<string, number>> {
    const [likedSeries, likedMovies, profile] = await Promise.all([
      db
        .from('series_genres as sg')
        .join('genres as g', 'g.id', 'sg.genre_id')
        .whereIn('sg.series_id', (liked) =>
          liked
            .from('series_ratings')
            .where('user_id', userId)
            .where('rating', '>=', LIKED_THRESHOLD)
            .select('series_id')
            .union((favorites) => favorites.from('series_favorites').where('user_id', userId).select('series_id'))
        )
        .select('g.name'),
      db
        .from('movie_genres as mg')
        .join('genres as g', 'g.id', 'mg.genre_id')
        .whereIn('mg.movie_id', (liked) =>
          liked
            .from('ratings')
            .where('user_id', userId)
            .where('rating', '>=', LIKED_THRESHOLD)
            .select('movie_id')
            .union((favorites) => favorites.from('favorites').where('user_id', userId).select('movie_id'))
        )
        .select('g.name'),
      db.from('user_genres as ug').join('genres as g', 'g.id', 'ug.genre_id').where('ug.user_id', userId).select('g.name'),
    ])
    const weights = new Map<string, number>()
    const add = (name: string, weight: number) => weights.set(name, (weights.get(name) ?? 0) + weight)
    for (const row of likedSeries as { name: string }[]) add(row.name.toLowerCase(), LIKED_WEIGHT)
    // Movie and onboarding genres go through the movie→TV name map.
    const addMapped = (name: string, weight: number) => {
      for (const target of TV_GENRE_BY_MOVIE_GENRE[name] ?? [name]) add(target, weight)
    }
    for (const row of likedMovies as { name: string }[]) addMapped(row.name.toLowerCase(), LIKED_WEIGHT)
    for (const row of profile as { name: string }[]) addMapped(row.name.toLowerCase(), PROFILE_WEIGHT)
    return weights
  }

  /**
   * GET /series/:id/similar: the shows most similar by content, as movies'
   * content model computes it — TF-IDF vectors over genres, keywords and
   * networks, cosine similarity, ties nudged by popularity (×0.9–1.0).
   * Computed live over the (small) series catalogue. Never the show
   * itself nor a show sharing nothing; a signed-in viewer's known and
   * hidden shows are left out, as movies leave out theirs.
   */
  async similar(seriesId: number, user: User | null, limit: number): Promise<SeriesRecommendationItem[]> {
    await findVisibleSeriesOrFail(seriesId, user)
    const [candidates, terms, excluded] = await Promise.all([
      Series.query()
        .apply((scopes) => scopes.visibleTo(viewerFor(user)))
        .select('series.id', 'series.name', 'series.popularity'),
      this.contentTerms(),
      user ? this.excludedSeries(user.id, false) : Promise.resolve([]),
    ])
    const source = candidates.find((series) => series.id === seriesId)!

    // Inverse document frequency over the whole catalogue, as in the movie content model.
    const documents = new Set(terms.map((term) => term.seriesId)).size
    const frequency = new Map<string, number>()
    for (const term of terms) frequency.set(term.key, (frequency.get(term.key) ?? 0) + 1)
    const vectors = new Map<number, Map<string, number>>()
    const labels = new Map<string, SeriesTerm>()
    for (const term of terms) {
      const weight = SIMILAR_FIELD_WEIGHTS[term.field] * Math.log(1 + documents / frequency.get(term.key)!)
      if (!vectors.has(term.seriesId)) vectors.set(term.seriesId, new Map())
      vectors.get(term.seriesId)!.set(term.key, weight)
      labels.set(term.key, term)
    }
    for (const vector of vectors.values()) {
      const norm = Math.sqrt([...vector.values()].reduce((sum, weight) => sum + weight * weight, 0))
      for (const [key, weight] of vector) vector.set(key, weight / norm)
    }
    const sourceVector = vectors.get(source.id)
    if (!sourceVector) return []

    const skip = new Set([source.id, ...excluded])
    const maxPopularity = Math.max(...candidates.map((series) => series.popularity), 1e-9)
    const picks = candidates
      .filter((series) => !skip.has(series.id) && vectors.has(series.id))
      .map((series) => {
        const vector = vectors.get(series.id)!
        let similarity = 0
        const shared: { term: SeriesTerm; weight: number }[] = []
        for (const [key, weight] of sourceVector) {
          const other = vector.get(key)
          if (other === undefined) continue
          similarity += weight * other
          shared.push({ term: labels.get(key)!, weight: weight * other })
        }
        const rank = similarity * (0.9 + 0.1 * (series.popularity / maxPopularity))
        return { id: series.id, similarity, rank, shared }
      })
      .filter((pick) => pick.similarity > 0)
      .sort((a, b) => b.rank - a.rank || a.id - b.id)
      .slice(0, limit)

    const summaries = await seriesSummaries(
      picks.map((pick) => pick.id),
      user?.id ?? null
    )
    return picks.map((pick) => {
      const summary = summaries.get(pick.id)!
      const reason: Reason = { type: 'similar_to_liked', text: `Like ${source.name}: ${this.sharedText(pick.shared)}` }
      return RecommendationTransformer.seriesItem(summary, Math.min(1, Math.max(0, pick.similarity)), reason)
    })
  }

  /** What two shows share, strongest first: themes (keywords), then genres, then networks. */
  private sharedText(shared: { term: SeriesTerm; weight: number }[]) {
    const strongest = (field: SimilarField) =>
      shared
        .filter((entry) => entry.term.field === field)
        .sort((a, b) => b.weight - a.weight)
        .slice(0, 2)
        .map((entry) => entry.term.label)
    const parts = [strongest('keyword').join(', '), strongest('genre').join(' and '), strongest('network').join(' and ')]
    return parts
      .filter(Boolean)
      .slice(0, 2)
      .join('; ')
  }

  /** Every show's genres, keywords and networks as content terms. */
  private async contentTerms(): Promise<SeriesTerm[]> {
    const [genres, keywords, networks] = await Promise.all([
      db.from('series_genres as sg').join('genres as g', 'g.id', 'sg.genre_id').select('sg.series_id', 'g.id', 'g.name'),
      db.from('series_keywords as sk').join('keywords as k', 'k.id', 'sk.keyword_id').select('sk.series_id', 'k.id', 'k.name'),
      db.from('series_networks as sn').join('networks as n', 'n.id', 'sn.network_id').select('sn.series_id', 'n.id', 'n.name'),
    ])
    type Row = { series_id: number; id: number; name: string }
    const toTerms = (rows: Row[], field: SimilarField) =>
      rows.map((row) => ({ seriesId: row.series_id, key: `${field}:${row.id}`, label: row.name, field }))
    return [
      ...toTerms(genres as Row[], 'genre'),
      ...toTerms(keywords as Row[], 'keyword'),
      ...toTerms(networks as Row[], 'network'),
    ]
  }

  /** PUT /me/recommendations/hidden/series/:series_id — "not interested"; created false when it already was. */
  async hide(user: User, seriesId: number): Promise<{ created: boolean; hidden: HiddenSeries }> {
    await findVisibleSeriesOrFail(seriesId, user)
    const inserted = await db
      .table('series_hidden_recommendations')
      .insert({ user_id: user.id, series_id: seriesId })
      .onConflict(['user_id', 'series_id'])
      .ignore()
      .returning('created_at')
    const row =
      inserted[0] ?? (await db.from('series_hidden_recommendations').where({ user_id: user.id, series_id: seriesId }).first())
    return {
      created: inserted.length > 0,
      hidden: RecommendationTransformer.hiddenSeries(seriesId, row.created_at),
    }
  }

  /** DELETE /me/recommendations/hidden/series/:series_id — 404 when it was not hidden. */
  async unhide(user: User, seriesId: number): Promise<void> {
    const deleted = await db.from('series_hidden_recommendations').where({ user_id: user.id, series_id: seriesId }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound('This series is not hidden from your recommendations')
  }

  /** Shows the user already knows or hid: rated, favourited, logged, episodes watched, hidden, and the watchlist. */
  private async excludedSeries(userId: number, includeWatchlist: boolean): Promise<number[]> {
    const tables = [
      'series_ratings',
      'series_favorites',
      'episode_diary_entries',
      'episode_watches',
      'episode_ratings',
      'series_hidden_recommendations',
    ]
    if (!includeWatchlist) tables.push('series_watchlist_items')
    const rows = await Promise.all(tables.map((table) => db.from(table).where('user_id', userId).distinct('series_id')))
    return [...new Set(rows.flat().map((row: { series_id: number }) => row.series_id))]
  }
}
