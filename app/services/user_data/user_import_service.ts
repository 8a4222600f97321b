import { readFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import DataImport, { type ImportSource, type UnmatchedRow } from '#models/data_import'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import ImportUserDataJob from '#jobs/import_user_data_job'
import { assertFormat, ImportFormatError } from '#services/user_data/import_formats'
import { IMPORTS_DISK } from '#services/user_data/user_import_runner'

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

/**
 * Letterboxd and IMDb imports. The upload is checked (its columns) and
 * parked on the private disk; ImportUserDataJob then runs it
 * (user_import_runner.ts).
 */
export default class UserImportService {
  async create(user: User, source: ImportSource, file: MultipartFile): Promise<DataImport> {
    const content = await readFile(file.tmpPath!, 'utf8')
    try {
      assertFormat(source, content)
    } catch (error) {
      if (error instanceof ImportFormatError) {
        throw ApiException.validation([{ field: 'file', rule: 'format', message: error.message }])
      }
      throw error
    }
    const fileKey = `imports/${randomUUID()}.csv`
    await drive.use(IMPORTS_DISK).put(fileKey, content)
    const record = await DataImport.create({
      userId: user.id,
      source,
      status: 'queued',
      fileKey,
      fileName: file.clientName.slice(0, 255),
      unmatchedRows: [],
    })
    await ImportUserDataJob.dispatch({ importId: record.id, createdAt: record.createdAt.toMillis() })
    return record
  }

  async findOwnOrFail(user: User, importId: number): Promise<DataImport> {
    const record = await DataImport.query().where({ id: importId, userId: user.id }).first()
    if (!record) throw ApiException.notFound('Import not found')
    return record
  }

  serialize(record: DataImport): ImportResource {
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
