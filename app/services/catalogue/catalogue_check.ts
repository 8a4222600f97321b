import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { once } from 'node:events'
import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'

/**
 * Catalogue completeness report: which movies still lack TMDB metadata, ids,
 * credits, genres or a poster. Used by `node ace catalogue:check` to decide
 * what the TMDB sync still has to fetch.
 */

export const CATALOGUE_GAPS = ['metadata', 'tmdb_id', 'imdb_id', 'credits', 'genres', 'poster_path'] as const
export type CatalogueGap = (typeof CATALOGUE_GAPS)[number]

export const CATALOGUE_GAP_DESCRIPTIONS: Record<CatalogueGap, string> = {
  metadata: 'not synced from TMDB or no overview',
  tmdb_id: 'no TMDB id',
  imdb_id: 'no IMDb id',
  credits: 'no cast',
  genres: 'no genre',
  poster_path: 'no poster',
}

type Query = DatabaseQueryBuilderContract<Record<string, unknown>>

/** Restricts a `movies` query to the movies that have one gap. */
const GAP_FILTERS: Record<CatalogueGap, (query: Query) => void> = {
  metadata: (query) =>
    query.where((sub) => sub.whereNull('movies.metadata_synced_at').orWhereNull('movies.overview')),
  tmdb_id: (query) => query.whereNull('movies.tmdb_id'),
  imdb_id: (query) => query.whereNull('movies.imdb_id'),
  credits: (query) =>
    query.whereNotExists((sub) => sub.from('movie_cast').whereColumn('movie_cast.movie_id', 'movies.id')),
  genres: (query) =>
    query.whereNotExists((sub) => sub.from('movie_genres').whereColumn('movie_genres.movie_id', 'movies.id')),
  poster_path: (query) => query.whereNull('movies.poster_path'),
}

/** Restricts a `movies` query to the movies that have at least one gap. */
function withAnyGap(query: Query) {
  return query.where((any) => {
    for (const gap of CATALOGUE_GAPS) any.orWhere((sub) => GAP_FILTERS[gap](sub))
  })
}

async function countMovies(filter?: (query: Query) => void): Promise<number> {
  const query = db.from('movies')
  if (filter) filter(query)
  const [row] = await query.count('* as total')
  return Number(row.total)
}

export interface CatalogueGapCounts {
  totalMovies: number
  moviesWithGaps: number
  gaps: Record<CatalogueGap, number>
}

export async function countCatalogueGaps(): Promise<CatalogueGapCounts> {
  const [totalMovies, moviesWithGaps, ...perGap] = await Promise.all([
    countMovies(),
    countMovies(withAnyGap),
    ...CATALOGUE_GAPS.map((gap) => countMovies(GAP_FILTERS[gap])),
  ])
  const gaps = Object.fromEntries(CATALOGUE_GAPS.map((gap, index) => [gap, perGap[index]])) as Record<
    CatalogueGap,
    number
  >
  return { totalMovies, moviesWithGaps, gaps }
}

export interface CatalogueGapRow {
  id: number
  movielensId: number | null
  tmdbId: number | null
  imdbId: string | null
  title: string
  year: number | null
  missing: CatalogueGap[]
}

interface MovieGapColumns {
  id: number
  movielens_id: number | null
  tmdb_id: number | null
  imdb_id: string | null
  title: string
  year: number | null
  metadata_synced_at: Date | null
  has_overview: boolean
  poster_path: string | null
}

/**
 * Movies with at least one gap, in id order, a page at a time (keyset
 * pagination), so a catalogue of any size is reported in flat memory.
 */
export async function* catalogueGapRows(batchSize = 2000): AsyncGenerator<CatalogueGapRow> {
  let lastId = 0
  while (true) {
    const movies = (await withAnyGap(db.from('movies'))
      .where('movies.id', '>', lastId)
      .orderBy('movies.id')
      .limit(batchSize)
      .select(
        'movies.id',
        'movies.movielens_id',
        'movies.tmdb_id',
        'movies.imdb_id',
        'movies.title',
        'movies.year',
        'movies.metadata_synced_at',
        'movies.poster_path'
      )
      .select(db.raw('movies.overview IS NOT NULL AS has_overview'))) as unknown as MovieGapColumns[]
    if (movies.length === 0) return

    const ids = movies.map((movie) => movie.id)
    const [withCast, withGenres] = await Promise.all([
      db.from('movie_cast').whereIn('movie_id', ids).distinct('movie_id'),
      db.from('movie_genres').whereIn('movie_id', ids).distinct('movie_id'),
    ])
    const hasCast = new Set(withCast.map((row: { movie_id: number }) => row.movie_id))
    const hasGenres = new Set(withGenres.map((row: { movie_id: number }) => row.movie_id))

    for (const movie of movies) {
      const missing: CatalogueGap[] = []
      if (movie.metadata_synced_at === null || !movie.has_overview) missing.push('metadata')
      if (movie.tmdb_id === null) missing.push('tmdb_id')
      if (movie.imdb_id === null) missing.push('imdb_id')
      if (!hasCast.has(movie.id)) missing.push('credits')
      if (!hasGenres.has(movie.id)) missing.push('genres')
      if (movie.poster_path === null) missing.push('poster_path')
      yield {
        id: movie.id,
        movielensId: movie.movielens_id,
        tmdbId: movie.tmdb_id,
        imdbId: movie.imdb_id,
        title: movie.title,
        year: movie.year,
        missing,
      }
    }
    lastId = movies[movies.length - 1].id
  }
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(value: string | number | null): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export const CATALOGUE_GAPS_CSV_HEADER = ['id', 'movielens_id', 'tmdb_id', 'imdb_id', 'title', 'year', 'missing']

/** Writes one CSV row per movie with gaps; returns how many rows were written. */
export async function writeCatalogueGapsCsv(path: string): Promise<number> {
  await mkdir(dirname(path), { recursive: true })
  const output = createWriteStream(path, { encoding: 'utf8' })
  let rows = 0
  try {
    output.write(`${CATALOGUE_GAPS_CSV_HEADER.join(',')}\n`)
    for await (const row of catalogueGapRows()) {
      const line = [row.id, row.movielensId, row.tmdbId, row.imdbId, row.title, row.year, row.missing.join(';')]
        .map(csvField)
        .join(',')
      if (!output.write(`${line}\n`)) await once(output, 'drain')
      rows++
    }
  } finally {
    output.end()
    await once(output, 'close')
  }
  return rows
}

export interface CatalogueCheckResult extends CatalogueGapCounts {
  output: string
  rowsWritten: number
}

export async function checkCatalogue(output: string): Promise<CatalogueCheckResult> {
  const counts = await countCatalogueGaps()
  const rowsWritten = await writeCatalogueGapsCsv(output)
  return { ...counts, output, rowsWritten }
}
