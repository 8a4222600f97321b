import type DataImport from '#models/data_import'
import type { ImportSource, UnmatchedRow } from '#models/data_import'

/** An import's progress and outcome (GET /me/imports/:id). */
export interface ImportResource {
  id: number
  source: ImportSource
  status: string
  file_name: string | null
  total_rows: number | null
  processed_rows: number
  progress: number
  matched_rows: number
  unmatched_count: number
  added: { ratings: number; diary_entries: number; tags: number }
  skipped_existing: number
  unmatched_rows: UnmatchedRow[]
  error: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
}

export default class DataImportTransformer {
  static resource(record: DataImport): ImportResource {
    const total = record.totalRows
    return {
      id: record.id,
      source: record.source,
      status: record.status,
      file_name: record.fileName,
      total_rows: total,
      processed_rows: record.processedRows,
      progress: record.status === 'completed' ? 100 : total ? Math.floor((record.processedRows / total) * 100) : 0,
      matched_rows: record.matchedRows,
      unmatched_count: record.unmatchedCount,
      added: { ratings: record.ratingsAdded, diary_entries: record.diaryEntriesAdded, tags: record.tagsAdded },
      skipped_existing: record.skippedExisting,
      unmatched_rows: record.unmatchedRows ?? [],
      error: record.error,
      created_at: record.createdAt.toUTC().toISO()!,
      started_at: record.startedAt?.toUTC().toISO() ?? null,
      finished_at: record.finishedAt?.toUTC().toISO() ?? null,
    }
  }
}
