import cache from '@adonisjs/cache/services/main'
import Movie, { MOVIES } from '#models/movie'
import { isVisibleTo, type VisibilityFields } from '#models/catalogue_scopes'
import MovieTransformer, { type MovieSummary } from '#transformers/movie_transformer'
import { movieTag } from '#services/catalogue/catalogue_cache'
import type { Viewer } from '#services/http/viewer'

/** A movie's summary plus what decides who may see it. */
interface Card extends VisibilityFields {
  summary: MovieSummary
}

const cardKey = (movieId: number) => `movie:${movieId}:card`

/**
 * MovieSummary of each movie the viewer may see right now. Cards are cached
 * per movie under the movie's tag (a rating or metadata change drops them,
 * as for the catalogue's details), so a recommendation list costs in-memory
 * lookups plus one query for the movies not cached yet — the Lucid query
 * with its genre preload was most of a cold request's time.
 */
export async function visibleSummaries(movieIds: number[], viewer: Viewer): Promise<Map<number, MovieSummary>> {
  const out = new Map<number, MovieSummary>()
  for (const [id, card] of await cardsOf(movieIds)) if (isVisibleTo(card, MOVIES, viewer)) out.set(id, card.summary)
  return out
}

/** MovieSummary of each movie that exists, whoever may see it (callers filter: a user's own ratings). */
export async function cardSummaries(movieIds: number[]): Promise<Map<number, MovieSummary>> {
  const out = new Map<number, MovieSummary>()
  for (const [id, card] of await cardsOf(movieIds)) out.set(id, card.summary)
  return out
}

async function cardsOf(movieIds: number[]): Promise<Map<number, Card>> {
  const ids = [...new Set(movieIds)]
  const cards = new Map<number, Card>()
  const found = await Promise.all(ids.map((id) => cache.get<Card | undefined>({ key: cardKey(id) })))
  const missing: number[] = []
  ids.forEach((id, k) => (found[k] ? cards.set(id, found[k]!) : missing.push(id)))
  if (missing.length) {
    const movies = await Movie.query().whereIn('movies.id', missing).preload('genres')
    await Promise.all(
      movies.map((movie) => {
        const card: Card = {
          summary: MovieTransformer.summary(movie),
          adult: movie.adult,
          hidden: movie.isHidden,
          certification: movie.certification,
        }
        cards.set(movie.id, card)
        return cache.set({ key: cardKey(movie.id), value: card, tags: [movieTag(movie.id)] })
      })
    )
  }
  return cards
}
