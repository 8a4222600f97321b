import emitter from '@adonisjs/core/services/emitter'
import { DateTime } from 'luxon'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import DataImport, { type UnmatchedRow } from '#models/data_import'
import { invalidateMovies } from '#services/catalogue/catalogue_cache'
import { invalidateMovieEngagement } from '#services/catalogue/movie_engagement_cache'
import { ImportFormatError, parseImport, type ImportRow } from '#services/user_data/import_formats'
import { matchMovies } from '#services/user_data/movie_matcher'

/** Where uploads are parked until their import ran. */
export const IMPORTS_DISK = 'private'

/** Rows written per transaction (and per progress update). */
const CHUNK_SIZE = 200
/** Unmatched rows kept for the user to see; the count is always complete. */
const MAX_UNMATCHED_LISTED = 500

interface ChunkResult {
  matched: number
  ratingsAdded: number
  diaryAdded: number
  tagsAdded: number
  skipped: number
  unmatched: UnmatchedRow[]
  ratedMovieIds: number[]
}

/**
 * The worker side of an import (ImportUserDataJob): matches the parked
 * file's rows to the catalogue and adds what the user does not have yet —
 * never overwriting a rating, diary entry or tag — in chunks that commit
 * together with their progress, so a retried job resumes where it stopped.
 * Apart from user_import_service.ts, which takes the upload and queues the
 * job that runs this.
 */
export default class UserImportRunner {
  /** Runs (or resumes) an import. Format problems fail it for good. */
  async process(importId: number, onProgress?: (percent: number) => Promise<void>) {
    const record = await DataImport.find(importId)
    if (!record || record.status === 'completed' || record.status === 'failed') return record
    if (!record.fileKey) throw new ImportFormatError('The uploaded file is gone')

    const content = await drive.use(IMPORTS_DISK).get(record.fileKey)
    const rows = parseImport(record.source, content)
    record.merge({ status: 'processing', totalRows: rows.length, startedAt: record.startedAt ?? DateTime.now() })
    await record.save()

    // Diary: the movie's rating comes from its latest rated entry of the file.
    const ratingRows = record.source === 'letterboxd_diary' ? latestRatedRows(rows) : null

    for (let start = record.processedRows; start < rows.length; start += CHUNK_SIZE) {
      const chunk = rows.slice(start, start + CHUNK_SIZE)
      const matches = await matchMovies(chunk.filter((row) => row.problem === null))
      const result = await db.transaction(async (trx) => {
        const outcome = await this.writeChunk(trx, record, chunk, matches, ratingRows)
        await trx
          .from('data_imports')
          .where('id', record.id)
          .update({
            processed_rows: start + chunk.length,
            matched_rows: db.raw('matched_rows + ?', [outcome.matched]),
            unmatched_count: db.raw('unmatched_count + ?', [outcome.unmatched.length]),
            ratings_added: db.raw('ratings_added + ?', [outcome.ratingsAdded]),
            diary_entries_added: db.raw('diary_entries_added + ?', [outcome.diaryAdded]),
            tags_added: db.raw('tags_added + ?', [outcome.tagsAdded]),
            skipped_existing: db.raw('skipped_existing + ?', [outcome.skipped]),
            unmatched_rows: db.raw(
              `(SELECT coalesce(jsonb_agg(e), '[]'::jsonb) FROM (SELECT e FROM jsonb_array_elements(unmatched_rows || ?::jsonb) e LIMIT ?) t)`,
              [JSON.stringify(outcome.unmatched), MAX_UNMATCHED_LISTED]
            ),
            updated_at: new Date(),
          })
        return outcome
      })
      if (result.ratedMovieIds.length) {
        await invalidateMovies(result.ratedMovieIds)
      }
      // Diary entries and tags change the movies' watched counts and tag counts.
      await invalidateMovieEngagement([...matches.values()])
      await onProgress?.(Math.round(((start + chunk.length) / Math.max(rows.length, 1)) * 100))
    }

    await record.refresh()
    record.merge({ status: 'completed', finishedAt: DateTime.now() })
    await record.save()
    await emitter.emit('user:library_changed', { userId: record.userId, change: 'import' })
    await this.discardFile(record)
    return record
  }

  async markFailed(importId: number, message: string) {
    const record = await DataImport.find(importId)
    if (!record || record.status === 'completed') return
    record.merge({ status: 'failed', error: message, finishedAt: DateTime.now() })
    await record.save()
    await this.discardFile(record)
  }

  private async writeChunk(
    trx: TransactionClientContract,
    record: DataImport,
    chunk: ImportRow[],
    matches: Map<number, number>,
    ratingRows: Set<number> | null
  ): Promise<ChunkResult> {
    const result: ChunkResult = {
      matched: 0,
      ratingsAdded: 0,
      diaryAdded: 0,
      tagsAdded: 0,
      skipped: 0,
      unmatched: [],
      ratedMovieIds: [],
    }
    const matched: { row: ImportRow; movieId: number }[] = []
    for (const row of chunk) {
      const movieId = matches.get(row.row)
      if (row.problem !== null || movieId === undefined) {
        result.unmatched.push({
          row: row.row,
          title: row.title,
          year: row.year,
          imdb_id: row.imdbId,
          reason: row.problem ?? 'not_found',
        })
      } else {
        matched.push({ row, movieId })
      }
    }
    result.matched = matched.length
    if (!matched.length) return result

    const userId = record.userId
    const added = new Set<number>()

    if (record.source === 'letterboxd_diary') {
      const existing = await trx
        .from('diary_entries')
        .where('user_id', userId)
        .whereIn(
          'movie_id',
          matched.map((m) => m.movieId)
        )
        .select('movie_id', db.raw(`to_char(watched_on, 'YYYY-MM-DD') AS watched_on`))
      const seen = new Set(existing.map((entry) => `${entry.movie_id}:${entry.watched_on}`))
      const entries = []
      for (const { row, movieId } of matched) {
        const key = `${movieId}:${row.watchedOn}`
        if (seen.has(key)) continue
        seen.add(key)
        added.add(row.row)
        entries.push({
          user_id: userId,
          movie_id: movieId,
          watched_on: row.watchedOn,
          rewatch: row.rewatch,
          rating: row.rating,
        })
      }
      if (entries.length) await trx.table('diary_entries').multiInsert(entries)
      result.diaryAdded = entries.length

      const tags = matched.flatMap(({ row, movieId }) =>
        row.tags.map((tag) => ({ user_id: userId, movie_id: movieId, tag }))
      )
      if (tags.length) {
        const inserted = await trx
          .table('movie_tags')
          .multiInsert(tags)
          .onConflict(['user_id', 'movie_id', 'tag'])
          .ignore()
          .returning('id')
        result.tagsAdded = inserted.length
      }
    }

    // Ratings: only movies the user has not rated (ON CONFLICT DO NOTHING).
    const ratings = new Map<number, { row: ImportRow; movieId: number }>()
    for (const match of matched) {
      if (match.row.rating === null) continue
      if (ratingRows && !ratingRows.has(match.row.row)) continue
      ratings.set(match.movieId, match)
    }
    if (ratings.size) {
      const inserted = await trx
        .table('ratings')
        .multiInsert(
          [...ratings.values()].map(({ row, movieId }) => {
            const at = row.date ? new Date(`${row.date}T00:00:00Z`) : new Date()
            return { user_id: userId, movie_id: movieId, rating: row.rating, created_at: at, updated_at: at }
          })
        )
        .onConflict(['user_id', 'movie_id'])
        .ignore()
        .returning('movie_id')
      const ratedIds = new Set(inserted.map((row: { movie_id: number }) => row.movie_id))
      for (const { row, movieId } of ratings.values()) if (ratedIds.has(movieId)) added.add(row.row)
      result.ratingsAdded = inserted.length
      result.ratedMovieIds = [...ratedIds]
    }

    result.skipped = matched.filter(({ row }) => !added.has(row.row)).length
    return result
  }

  private async discardFile(record: DataImport) {
    if (!record.fileKey) return
    await drive.use(IMPORTS_DISK).delete(record.fileKey).catch(() => {})
    record.fileKey = null
    await record.save()
  }
}

/** Per film (title + year), the row of its latest rated diary entry. */
function latestRatedRows(rows: ImportRow[]): Set<number> {
  const latest = new Map<string, ImportRow>()
  for (const row of rows) {
    if (row.problem !== null || row.rating === null) continue
    const key = `${row.title?.toLowerCase()}|${row.year}`
    const current = latest.get(key)
    const day = row.watchedOn ?? row.date ?? ''
    if (!current || day >= (current.watchedOn ?? current.date ?? '')) latest.set(key, row)
  }
  return new Set([...latest.values()].map((row) => row.row))
}
