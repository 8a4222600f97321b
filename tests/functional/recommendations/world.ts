import { DateTime } from 'luxon'
import type { Assert } from '@japa/assert'
import type { ApiResponse } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { GenreFactory } from '#factories/genre_factory'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import type Movie from '#models/movie'
import type User from '#models/user'
import TrainingService from '#services/recommender/training_service'
import modelStore from '#services/recommender/model_store'

export const SCIFI = 878
export const ROMANCE = 10749
export const COMEDY = 35

export interface World {
  scifi: Movie[]
  romance: Movie[]
  comedy: Movie
  /** An adult science-fiction title every sci-fi fan loved. */
  adult: Movie
  /** A science-fiction title certified R that sci-fi fans loved. */
  rated: Movie
  fans: User[]
}

/**
 * A small catalogue where the right answers are known: five science-fiction
 * movies, five romances (each group with its own overview), one comedy, and
 * two more science-fiction titles, one adult and one certified R. Six
 * placeholder sci-fi fans like scifi[0..3] (scifi[2] most of all) and rate a
 * romance low; six romance fans mirror them; two sci-fi fans also liked the
 * adult and the R-rated title. Nobody rated scifi[4], romance[4] or the comedy.
 */
export async function seedWorld(): Promise<World> {
  await GenreFactory.merge([
    { id: SCIFI, name: 'Science Fiction' },
    { id: ROMANCE, name: 'Romance' },
    { id: COMEDY, name: 'Comedy' },
  ]).createMany(3)
  const make = async (count: number, genre: number, prefix: string, overview: string, extra: Partial<Movie> = {}) => {
    const movies = await MovieFactory.merge(
      Array.from({ length: count }, (_, i) => ({
        title: `${prefix} ${i}`,
        overview,
        year: 2001,
        releaseDate: DateTime.fromISO('2001-06-01'),
        ...extra,
      }))
    ).createMany(count)
    for (const movie of movies) await movie.related('genres').attach([genre])
    return movies
  }
  const space = 'A starship crew explores deep space with an android.'
  const love = 'Two strangers fall in love before a summer wedding.'
  const scifi = await make(5, SCIFI, 'Star', space)
  const romance = await make(5, ROMANCE, 'Heart', love)
  const [comedy] = await make(1, COMEDY, 'Laugh', 'An office party goes terribly wrong.')
  const [adult] = await make(1, SCIFI, 'Night', space, { adult: true })
  const [rated] = await make(1, SCIFI, 'Rough', space, { certification: 'R' })

  const fans = await UserFactory.merge(Array.from({ length: 12 }, () => ({ isPlaceholder: true }))).createMany(12)
  const rows: { user_id: number; movie_id: number; rating: number; created_at: Date; updated_at: Date }[] = []
  const rate = (user: User, movie: Movie, rating: number, day: number) => {
    const at = new Date(Date.UTC(2020, 0, 1 + day))
    rows.push({ user_id: user.id, movie_id: movie.id, rating, created_at: at, updated_at: at })
  }
  fans.forEach((fan, u) => {
    const [own, other] = u < 6 ? [scifi, romance] : [romance, scifi]
    // Each fan skips one of movies 0, 1, 3 so co-liking carries information; everyone loves movie 2.
    const liked = [2, 0, 1, 3].filter((i) => i !== [0, 1, 3][u % 3])
    liked.forEach((i, day) => rate(fan, own[i], i === 2 ? 5 : 4.5, day))
    // The same low-rating pattern in both groups keeps the clusters symmetric.
    rate(fan, other[u % 2], 1.5, 10)
    if (u < 2) {
      rate(fan, adult, 4, 11)
      rate(fan, rated, 4, 12)
    }
  })
  await db.table('ratings').multiInsert(rows)
  return { scifi, romance, comedy, adult, rated, fans }
}

/** Trains and serves a model from what is in the database now. */
export async function train() {
  return new TrainingService().train({ trigger: 'test' })
}

/** The seeded world with a model trained on it, and a fresh user (no ratings yet) to ask for recommendations. */
export async function trainedWorld() {
  const world = await seedWorld()
  const run = await train()
  const user = await UserFactory.create()
  return { world, run, user }
}

/** Forget the served model between tests (every test starts from empty tables). */
export function forgetModel() {
  modelStore.reset()
}

export async function rate(user: User, movie: Movie, rating: number, daysAgo = 0) {
  const at = new Date(Date.now() - daysAgo * 86_400_000)
  await db.table('ratings').insert({ user_id: user.id, movie_id: movie.id, rating, created_at: at, updated_at: at })
}

export interface Item {
  movie: { id: number; title: string; genres: { id: number }[]; in_watchlist?: boolean; user_rating?: number | null }
  score: number
  reason: { type: string; text: string; baseline_movie?: { id: number; title: string; year: number | null } }
}

export function items(response: ApiResponse): Item[] {
  return response.body().data as Item[]
}

export function ids(response: ApiResponse): number[] {
  return items(response).map((item) => item.movie.id)
}

/** The contract's item shape: {movie: MovieSummary, score 0–1, reason {type, text, baseline_movie?}}. */
export function assertItemShape(assert: Assert, item: Item) {
  assert.properties(item, ['movie', 'score', 'reason'])
  assert.properties(item.movie, [
    'id', 'tmdb_id', 'imdb_id', 'movielens_id', 'title', 'original_title', 'overview', 'release_date', 'year', 'runtime',
    'adult', 'original_language', 'poster_url', 'backdrop_url', 'genres', 'popularity', 'vote_average', 'vote_count',
    'average_rating', 'rating_count',
  ])
  assert.isAtLeast(item.score, 0)
  assert.isAtMost(item.score, 1)
  assert.include(['similar_to_liked', 'liked_by_similar_users', 'popular_in_genre', 'friends_liked', 'trending'], item.reason.type)
  assert.isString(item.reason.text)
  assert.isAbove(item.reason.text.length, 0)
  if (item.reason.baseline_movie) assert.properties(item.reason.baseline_movie, ['id', 'title', 'year'])
}

export function assertError(assert: Assert, response: ApiResponse, status: number, code: string) {
  response.assertStatus(status)
  assert.equal(response.body().error.code, code)
  assert.isString(response.body().error.message)
}

export async function countRows(table: string, where: Record<string, unknown> = {}) {
  const row = await db.from(table).where(where).count('* as total').first()
  return Number(row.total)
}
