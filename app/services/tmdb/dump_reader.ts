import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'csv-parse'
import type {
  TmdbGenre,
  TmdbKeyword,
  TmdbMovieDetails,
  TmdbProductionCompany,
  TmdbProductionCountry,
  TmdbSpokenLanguage,
} from '#services/tmdb/types'

/** File name of the Kaggle "TMDB 5000" movies dump inside its directory. */
export const DUMP_FILE_NAME = 'tmdb_5000_movies.csv'

/** The dump's columns, in its own order. */
export const DUMP_COLUMNS = [
  'budget',
  'genres',
  'homepage',
  'id',
  'keywords',
  'original_language',
  'original_title',
  'overview',
  'popularity',
  'production_companies',
  'production_countries',
  'release_date',
  'revenue',
  'runtime',
  'spoken_languages',
  'status',
  'tagline',
  'title',
  'vote_average',
  'vote_count',
] as const

type DumpRow = Record<(typeof DUMP_COLUMNS)[number], string>

/**
 * A dump row as TMDB's GET /movie/{id}?append_to_response=keywords returns
 * it. The dump has no adult flag, image paths, imdb id, credits or release
 * dates, so those are absent (not null: absent means "unknown").
 */
export type TmdbDumpMovie = Omit<
  TmdbMovieDetails,
  | 'adult'
  | 'poster_path'
  | 'backdrop_path'
  | 'imdb_id'
  | 'credits'
  | 'release_dates'
  | 'external_ids'
  | 'images'
  | 'keywords'
> & { keywords: { keywords: TmdbKeyword[] } }

export type DumpRecord =
  | { line: number; bytes: number; movie: TmdbDumpMovie }
  | { line: number; bytes: number; error: string }

export function dumpFilePath(dir: string) {
  return join(dir, DUMP_FILE_NAME)
}

export async function dumpFileSize(dir: string) {
  return (await stat(dumpFilePath(dir))).size
}

/**
 * Streams the dump's movies. CRLF and LF both work (csv-parse detects the
 * record delimiter); a row that cannot be read yields an `error` instead of
 * stopping the stream, so one bad line costs one movie.
 */
export async function* readDump(dir: string): AsyncGenerator<DumpRecord> {
  const parser = createReadStream(dumpFilePath(dir)).pipe(
    parse({ columns: true, bom: true, info: true, skip_empty_lines: true, relax_column_count: true })
  )
  for await (const { record, info } of parser as AsyncIterable<{
    record: DumpRow
    info: { lines: number; bytes: number }
  }>) {
    try {
      yield { line: info.lines, bytes: info.bytes, movie: dumpRowToMovie(record) }
    } catch (error) {
      yield { line: info.lines, bytes: info.bytes, error: (error as Error).message }
    }
  }
}

export function dumpRowToMovie(row: DumpRow): TmdbDumpMovie {
  const id = Number(row.id)
  if (!Number.isInteger(id) || id <= 0) throw new Error(`invalid id "${row.id}"`)
  const title = text(row.title) ?? text(row.original_title)
  if (!title) throw new Error(`movie ${id} has no title`)
  return {
    id,
    title,
    original_title: text(row.original_title) ?? title,
    overview: text(row.overview),
    tagline: text(row.tagline),
    release_date: /^\d{4}-\d{2}-\d{2}$/.test(row.release_date?.trim() ?? '') ? row.release_date.trim() : null,
    runtime: integer(row.runtime),
    original_language: text(row.original_language),
    popularity: decimal(row.popularity) ?? 0,
    vote_average: decimal(row.vote_average) ?? 0,
    vote_count: integer(row.vote_count) ?? 0,
    status: text(row.status),
    budget: integer(row.budget) ?? 0,
    revenue: integer(row.revenue) ?? 0,
    homepage: text(row.homepage),
    genres: json<TmdbGenre>(row.genres, 'genres'),
    keywords: { keywords: json<TmdbKeyword>(row.keywords, 'keywords') },
    spoken_languages: json<TmdbSpokenLanguage>(row.spoken_languages, 'spoken_languages'),
    production_countries: json<TmdbProductionCountry>(row.production_countries, 'production_countries'),
    production_companies: json<TmdbProductionCompany>(row.production_companies, 'production_companies'),
  }
}

function text(value: string | undefined) {
  const trimmed = value?.trim()
  return trimmed ? trimmed : null
}

function decimal(value: string | undefined) {
  const trimmed = value?.trim()
  if (!trimmed) return null
  const number = Number(trimmed)
  return Number.isFinite(number) ? number : null
}

function integer(value: string | undefined) {
  const number = decimal(value)
  return number === null ? null : Math.round(number)
}

function json<T>(value: string | undefined, column: string): T[] {
  const trimmed = value?.trim()
  if (!trimmed) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch {
    throw new Error(`column ${column} is not valid JSON`)
  }
  if (!Array.isArray(parsed)) throw new Error(`column ${column} is not a JSON array`)
  return parsed as T[]
}
