import db from '@adonisjs/lucid/services/db'
import Series from '#models/series'
import type User from '#models/user'
import { LIKED_THRESHOLD } from '#services/recommender/dataset'
import type { Reason } from '#services/recommender/recommendation_service'
import { seriesSummaries, type ViewerSeriesSummary } from '#services/series_summaries'
import { viewerFor } from '#services/viewer'

/** A series pick; the summary also under `movie`, as on watchlist items. */
export interface SeriesRecommendationItem {
  movie: ViewerSeriesSummary
  series: ViewerSeriesSummary
  score: number
  reason: Reason
}

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

const round = (value: number) => Math.round(value * 1e4) / 1e4

/**
 * GET /me/recommendations?type=series: content-based picks from the genres
 * of the series and movies the user liked (rated >= 3.5 or favourited) and
 * their onboarding genres, topped up with popular series so the list is
 * never empty. Never a show the user rated, favourited, logged or watched an
 * episode of, or (unless asked) has on the watchlist. Computed live: the
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
      return { movie: summary, series: summary, score: round(Math.min(1, Math.max(0, pick.score))), reason: pick.reason }
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

  /** Shows the user already knows: rated, favourited, logged, episodes watched, and the watchlist. */
  private async excludedSeries(userId: number, includeWatchlist: boolean): Promise<number[]> {
    const tables = ['series_ratings', 'series_favorites', 'episode_diary_entries', 'episode_watches', 'episode_ratings']
    if (!includeWatchlist) tables.push('series_watchlist_items')
    const rows = await Promise.all(tables.map((table) => db.from(table).where('user_id', userId).distinct('series_id')))
    return [...new Set(rows.flat().map((row: { series_id: number }) => row.series_id))]
  }
}
