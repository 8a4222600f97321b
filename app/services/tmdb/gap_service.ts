import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'

/**
 * What TMDB can still fill: movies (below), people and collections (further down).
 *
 * Movies whose TMDB details are incomplete in ways a fetch from TMDB's API
 * fills: loaded from the MovieLens links or the TMDB 5000 dump (which has
 * no credits, images or certifications) and never fetched since. One full
 * fetch (details + credits + release dates + images) fills them all, and
 * the people of the credits with them.
 *
 * A movie fetched once that still lacks something (TMDB has no cast or
 * poster for it) is asked again only after `recheckAfterDays`; a movie TMDB
 * answered 404 for (tmdb_status = not_found) never is. So a re-run finds
 * nothing new to do.
 */
export function gapMoviesQuery(options: { recheckAfterDays?: number } = {}) {
  const recheckBefore = new Date(Date.now() - (options.recheckAfterDays ?? 30) * 86_400_000)
  return db
    .from('movies')
    .whereNotNull('tmdb_id')
    .whereNull('tmdb_status')
    .where((lacking: DatabaseQueryBuilderContract) =>
      lacking.whereNull('credits_synced_at').orWhereNull('poster_path').orWhereNull('certification')
    )
    .where((unasked: DatabaseQueryBuilderContract) =>
      unasked.whereNull('tmdb_checked_at').orWhere('tmdb_checked_at', '<', recheckBefore)
    )
}

/** TMDB ids of the movies with gaps TMDB can fill, oldest movie first (at most `limit`). */
export async function gapTmdbIds(options: { limit?: number; recheckAfterDays?: number } = {}): Promise<number[]> {
  const query = gapMoviesQuery(options).orderBy('id').select('tmdb_id')
  if (options.limit) query.limit(options.limit)
  const rows: { tmdb_id: number }[] = await query
  return rows.map((row) => row.tmdb_id)
}

export async function countGapMovies(options: { recheckAfterDays?: number } = {}) {
  const [row] = await gapMoviesQuery(options).count('* as total')
  return Number(row.total)
}

/** Movies TMDB answered 404 for. */
export async function countNotOnTmdb() {
  const [row] = await db.from('movies').where('tmdb_status', 'not_found').count('* as total')
  return Number(row.total)
}

/**
 * People the credits brought in whose own TMDB page (biography, dates,
 * place of birth) was never fetched, and not known to be missing there.
 */
export function gapPeopleQuery() {
  return db.from('people').whereNotNull('tmdb_id').whereNull('details_synced_at').whereNull('tmdb_status')
}

/** TMDB ids of people lacking their details, in id order (at most `limit`). */
export async function gapPersonTmdbIds(options: { limit?: number } = {}): Promise<number[]> {
  const query = gapPeopleQuery().orderBy('id').select('tmdb_id')
  if (options.limit) query.limit(options.limit)
  const rows: { tmdb_id: number }[] = await query
  return rows.map((row) => row.tmdb_id)
}

export async function countGapPeople() {
  const [row] = await gapPeopleQuery().count('* as total')
  return Number(row.total)
}

/** Collections named by a movie's `belongs_to_collection` whose own page (overview, parts) was never fetched. */
export function gapCollectionsQuery() {
  return db.from('collections').whereNull('synced_at').whereNull('tmdb_status')
}

export async function gapCollectionTmdbIds(options: { limit?: number } = {}): Promise<number[]> {
  const query = gapCollectionsQuery().orderBy('id').select('tmdb_id')
  if (options.limit) query.limit(options.limit)
  const rows: { tmdb_id: number }[] = await query
  return rows.map((row) => row.tmdb_id)
}

export async function countGapCollections() {
  const [row] = await gapCollectionsQuery().count('* as total')
  return Number(row.total)
}

export interface FillableGaps {
  movies: number
  people: number
  collections: number
  total: number
}

/** Everything TMDB could still fill: movies, people and collections. */
export async function countFillableGaps(): Promise<FillableGaps> {
  const [movies, people, collections] = await Promise.all([countGapMovies(), countGapPeople(), countGapCollections()])
  return { movies, people, collections, total: movies + people + collections }
}
