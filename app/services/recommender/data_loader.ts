import db from '@adonisjs/lucid/services/db'
import { ABOVE_TEEN_CERTIFICATIONS } from '#models/movie'
import {
  ITEM_ABOVE_TEEN,
  ITEM_ADULT,
  ITEM_HIDDEN,
  type ItemContent,
  type TrainingData,
} from '#services/recommender/dataset'

/** Ratings are read in pages of this many rows (keyset on id), so memory stays flat on large data sets. */
const RATING_PAGE = 50_000
/** Billed cast members kept per movie for the content model. */
const CAST_PER_MOVIE = 8

export interface LoadProgress {
  (step: string, done: number, total: number): void
}

/**
 * Reads everything training needs from PostgreSQL into TrainingData: every
 * movie of the catalogue (so content and popularity also cover titles no
 * one rated yet), their content features, and all ratings.
 */
export async function loadTrainingData(progress: LoadProgress = () => {}): Promise<TrainingData> {
  progress('movies', 0, 1)
  const movies = await db
    .from('movies')
    .select('id', 'title', 'year', 'adult', 'certification', 'is_hidden', 'popularity', 'original_language', 'overview')
    .orderBy('id')
  const itemIds = Int32Array.from(movies, (movie) => movie.id)
  const index = new Map<number, number>()
  itemIds.forEach((id, i) => index.set(id, i))
  const content: ItemContent[] = movies.map((movie) => ({
    genres: [],
    keywords: [],
    cast: [],
    directors: [],
    overview: movie.overview,
    tags: [],
    language: movie.original_language,
  }))
  const flags = Uint8Array.from(movies, (movie) => {
    let f = 0
    if (movie.adult) f |= ITEM_ADULT
    if (movie.certification && ABOVE_TEEN_CERTIFICATIONS.includes(movie.certification)) f |= ITEM_ABOVE_TEEN
    if (movie.is_hidden) f |= ITEM_HIDDEN
    return f
  })
  progress('movies', 1, 1)

  progress('features', 0, 5)
  const genres = await db.from('genres').select('id', 'name')
  for (const row of await db.from('movie_genres').select('movie_id', 'genre_id').orderBy(['movie_id', 'genre_id'])) {
    const i = index.get(row.movie_id)
    if (i !== undefined) content[i].genres.push(row.genre_id)
  }
  progress('features', 1, 5)
  const keywords = await db
    .from('movie_keywords')
    .join('keywords', 'keywords.id', 'movie_keywords.keyword_id')
    .select('movie_keywords.movie_id', 'keywords.name')
    .orderBy(['movie_keywords.movie_id', 'keywords.name'])
  for (const row of keywords) content[index.get(row.movie_id)!]?.keywords.push(row.name)
  progress('features', 2, 5)
  const cast = await db
    .from('movie_cast')
    .join('people', 'people.id', 'movie_cast.person_id')
    .where('movie_cast.order', '<', CAST_PER_MOVIE)
    .select('movie_cast.movie_id', 'people.id', 'people.name')
    .orderBy([{ column: 'movie_cast.movie_id' }, { column: 'movie_cast.order' }])
  for (const row of cast) {
    const item = content[index.get(row.movie_id)!]
    if (item && !item.cast.some((person) => person.id === row.id)) item.cast.push({ id: row.id, name: row.name })
  }
  progress('features', 3, 5)
  const directors = await db
    .from('movie_crew')
    .join('people', 'people.id', 'movie_crew.person_id')
    .where('movie_crew.job', 'Director')
    .select('movie_crew.movie_id', 'people.id', 'people.name')
    .orderBy(['movie_crew.movie_id', 'people.id'])
  for (const row of directors) content[index.get(row.movie_id)!]?.directors.push({ id: row.id, name: row.name })
  progress('features', 4, 5)
  const tags = await db
    .from('movie_tags')
    .select('movie_id')
    .select(db.raw('lower(tag) AS tag'))
    .groupByRaw('movie_id, lower(tag)')
    .orderByRaw('movie_id, lower(tag)')
  for (const row of tags) content[index.get(row.movie_id)!]?.tags.push(row.tag)
  progress('features', 5, 5)

  const totalRow = await db.from('ratings').count('* as total').first()
  const total = Number(totalRow?.total ?? 0)
  const ratingUserDb = new Int32Array(total)
  const ratingItem = new Int32Array(total)
  const ratingValue = new Float32Array(total)
  const ratingTime = new Float64Array(total)
  let count = 0
  let lastId = '0'
  progress('ratings', 0, total)
  while (true) {
    const rows = await db
      .from('ratings')
      .select('id', 'user_id', 'movie_id', 'rating', 'updated_at')
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(RATING_PAGE)
    if (!rows.length) break
    for (const row of rows) {
      const item = index.get(row.movie_id)
      if (item === undefined || count >= total) continue
      ratingUserDb[count] = row.user_id
      ratingItem[count] = item
      ratingValue[count] = Number(row.rating)
      ratingTime[count] = new Date(row.updated_at).getTime()
      count++
    }
    lastId = String(rows[rows.length - 1].id)
    progress('ratings', count, total)
    if (rows.length < RATING_PAGE) break
  }

  const userIdList = [...new Set(ratingUserDb.subarray(0, count))].sort((a, b) => a - b)
  const userIndex = new Map(userIdList.map((id, u) => [id, u]))
  const ratingUser = Int32Array.from(ratingUserDb.subarray(0, count), (id) => userIndex.get(id)!)

  return {
    userIds: Int32Array.from(userIdList),
    itemIds,
    ratingUser,
    ratingItem: ratingItem.slice(0, count),
    ratingValue: ratingValue.slice(0, count),
    ratingTime: ratingTime.slice(0, count),
    titles: movies.map((movie) => movie.title),
    years: Int32Array.from(movies, (movie) => movie.year ?? 0),
    flags,
    tmdbPopularity: Float32Array.from(movies, (movie) => Number(movie.popularity) || 0),
    genreNames: genres.map((genre) => [genre.id, genre.name] as [number, string]),
    content,
  }
}
