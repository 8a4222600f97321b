import { access } from 'node:fs/promises'
import db from '@adonisjs/lucid/services/db'
import Movie from '#models/movie'
import { invalidateAllMovies } from '#services/catalogue/catalogue_cache'
import { dumpFilePath, dumpFileSize, readDump, type TmdbDumpMovie } from '#services/tmdb/dump_reader'
import { applyTmdbMovie } from '#services/tmdb/movie_upsert'

export interface DumpImportOptions {
  /** Also create movies the catalogue does not have. */
  createMissing?: boolean
  /** Called after each row with the bytes read so far. */
  onProgress?: (progress: { bytes: number; totalBytes: number; summary: DumpImportSummary }) => void
}

export interface DumpImportSummary {
  /** Rows read (valid or not). */
  rows: number
  /** Rows whose tmdb_id is in the catalogue. */
  matched: number
  /** Matched movies of which at least one field or relation changed. */
  updated: number
  created: number
  /** Rows not in the catalogue (without --create-missing). */
  skipped: number
  /** Rows that could not be read or written, with the reason. */
  failed: { line: number; tmdbId?: number; reason: string }[]
}

/** Rows looked up together: one query tells which of them the catalogue has. */
const BATCH_SIZE = 250

export class DumpNotFoundError extends Error {}

/**
 * Enriches the catalogue from the TMDB 5000 dump (`<dir>/tmdb_5000_movies.csv`),
 * through the same upsert as the API sync: matched by tmdb_id, empty values
 * never overwrite, metadata_synced_at is set (credits_synced_at is not: the
 * dump has no credits). One transaction per movie.
 */
export async function importDump(dir: string, options: DumpImportOptions = {}): Promise<DumpImportSummary> {
  const file = dumpFilePath(dir)
  try {
    await access(file)
  } catch {
    throw new DumpNotFoundError(`No TMDB dump at ${file}`)
  }
  const totalBytes = await dumpFileSize(dir)
  const summary: DumpImportSummary = { rows: 0, matched: 0, updated: 0, created: 0, skipped: 0, failed: [] }

  let batch: { line: number; bytes: number; movie: TmdbDumpMovie }[] = []
  const flush = async () => {
    const known = await Movie.query()
      .whereIn(
        'tmdb_id',
        batch.map((record) => record.movie.id)
      )
      .select('tmdb_id')
    const knownIds = new Set(known.map((movie) => movie.tmdbId))
    for (const record of batch) {
      await importRow(record, knownIds.has(record.movie.id), options, summary)
      options.onProgress?.({ bytes: record.bytes, totalBytes, summary })
    }
    batch = []
  }

  try {
    for await (const record of readDump(dir)) {
      summary.rows++
      if ('error' in record) {
        summary.failed.push({ line: record.line, reason: record.error })
        options.onProgress?.({ bytes: record.bytes, totalBytes, summary })
        continue
      }
      batch.push(record)
      if (batch.length >= BATCH_SIZE) await flush()
    }
    if (batch.length) await flush()
  } finally {
    // Even a partial import changed movies that readers may have cached.
    await invalidateAllMovies()
  }
  return summary
}

async function importRow(
  record: { line: number; movie: TmdbDumpMovie },
  known: boolean,
  options: DumpImportOptions,
  summary: DumpImportSummary
) {
  if (!known && !options.createMissing) {
    summary.skipped++
    return
  }
  try {
    const result = await db.transaction((trx) =>
      applyTmdbMovie(record.movie, { client: trx, create: Boolean(options.createMissing) })
    )
    if (!result) {
      summary.skipped++
    } else if (result.created) {
      summary.created++
    } else {
      summary.matched++
      if (result.changedFields.length) summary.updated++
    }
  } catch (error) {
    summary.failed.push({ line: record.line, tmdbId: record.movie.id, reason: (error as Error).message })
  }
}
