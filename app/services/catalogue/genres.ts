import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

export interface GenreRow {
  id: number
  name: string
}

/**
 * Ids at or above this value are ours (genres MovieLens has and TMDB lacks),
 * far above TMDB's range so the two can never collide.
 */
export const LOCAL_GENRE_ID_START = 100000

/**
 * Canonical genres. Ids are TMDB's so that TMDB sync and the MovieLens
 * import upsert the same rows by id.
 */
export const GENRES: readonly GenreRow[] = Object.freeze([
  { id: 28, name: 'Action' },
  { id: 12, name: 'Adventure' },
  { id: 16, name: 'Animation' },
  { id: 35, name: 'Comedy' },
  { id: 80, name: 'Crime' },
  { id: 99, name: 'Documentary' },
  { id: 18, name: 'Drama' },
  { id: 10751, name: 'Family' },
  { id: 14, name: 'Fantasy' },
  { id: 36, name: 'History' },
  { id: 27, name: 'Horror' },
  { id: 10402, name: 'Music' },
  { id: 9648, name: 'Mystery' },
  { id: 10749, name: 'Romance' },
  { id: 878, name: 'Science Fiction' },
  { id: 10770, name: 'TV Movie' },
  { id: 53, name: 'Thriller' },
  { id: 10752, name: 'War' },
  { id: 37, name: 'Western' },
  { id: 100001, name: 'Film Noir' },
])

export const GENRE_IDS = Object.freeze({
  action: 28,
  adventure: 12,
  animation: 16,
  comedy: 35,
  crime: 80,
  documentary: 99,
  drama: 18,
  family: 10751,
  fantasy: 14,
  history: 36,
  horror: 27,
  music: 10402,
  mystery: 9648,
  romance: 10749,
  scienceFiction: 878,
  tvMovie: 10770,
  thriller: 53,
  war: 10752,
  western: 37,
  filmNoir: 100001,
} as const)

/**
 * MovieLens genre name → genre id, or null for names that carry no genre:
 * "IMAX" is a projection format and "(no genres listed)" is the empty list.
 * Names missing from this map are unknown (the importer reports them).
 */
export const MOVIELENS_GENRES: ReadonlyMap<string, number | null> = new Map<string, number | null>([
  ['Action', GENRE_IDS.action],
  ['Adventure', GENRE_IDS.adventure],
  ['Animation', GENRE_IDS.animation],
  ['Children', GENRE_IDS.family],
  // Older MovieLens releases (ml-1m, ml-10m) spell it with the apostrophe.
  ["Children's", GENRE_IDS.family],
  ['Comedy', GENRE_IDS.comedy],
  ['Crime', GENRE_IDS.crime],
  ['Documentary', GENRE_IDS.documentary],
  ['Drama', GENRE_IDS.drama],
  ['Fantasy', GENRE_IDS.fantasy],
  ['Film-Noir', GENRE_IDS.filmNoir],
  ['Horror', GENRE_IDS.horror],
  ['Musical', GENRE_IDS.music],
  ['Mystery', GENRE_IDS.mystery],
  ['Romance', GENRE_IDS.romance],
  ['Sci-Fi', GENRE_IDS.scienceFiction],
  ['Thriller', GENRE_IDS.thriller],
  ['War', GENRE_IDS.war],
  ['Western', GENRE_IDS.western],
  ['IMAX', null],
  ['(no genres listed)', null],
])

export type MovieLensGenreResult =
  | { kind: 'genre'; id: number }
  | { kind: 'none' }
  | { kind: 'unknown'; name: string }

/** Maps one MovieLens genre name (already split on "|"). */
export function mapMovieLensGenre(name: string): MovieLensGenreResult {
  const trimmed = name.trim()
  if (!MOVIELENS_GENRES.has(trimmed)) return { kind: 'unknown', name: trimmed }
  const id = MOVIELENS_GENRES.get(trimmed)
  return id === null || id === undefined ? { kind: 'none' } : { kind: 'genre', id }
}

/**
 * The genre upsert as a knex builder, so callers that run their own raw
 * connection (the COPY importer) can execute exactly the same statement.
 * ON CONFLICT on id keeps the existing name: TMDB's wording wins once synced.
 */
export function genresUpsertQuery(client?: QueryClientContract) {
  return (client ?? db.connection())
    .knexQuery()
    .table('genres')
    .insert(GENRES.map((genre) => ({ id: genre.id, name: genre.name })))
    .onConflict('id')
    .ignore()
}

/** Makes sure every canonical genre row exists (idempotent). */
export async function ensureGenres(trx?: QueryClientContract) {
  await genresUpsertQuery(trx)
}
