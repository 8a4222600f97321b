import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export const IMPORT_SOURCES = ['letterboxd_diary', 'letterboxd_ratings', 'imdb_ratings'] as const
export type ImportSource = (typeof IMPORT_SOURCES)[number]
export type ImportStatus = 'queued' | 'processing' | 'completed' | 'failed'

export interface UnmatchedRow {
  row: number
  title: string | null
  year: number | null
  imdb_id: string | null
  reason: 'not_found' | 'invalid_rating' | 'invalid_date' | 'missing_title'
}

/** A Letterboxd/IMDb import and its progress (written by ImportUserDataJob). */
export default class DataImport extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare source: ImportSource

  @column()
  declare status: ImportStatus

  @column({ serializeAs: null })
  declare fileKey: string | null

  @column()
  declare fileName: string | null

  @column()
  declare totalRows: number | null

  @column()
  declare processedRows: number

  @column()
  declare matchedRows: number

  @column()
  declare unmatchedCount: number

  @column()
  declare ratingsAdded: number

  @column()
  declare diaryEntriesAdded: number

  @column()
  declare tagsAdded: number

  @column()
  declare skippedExisting: number

  @column({ prepare: (value: unknown) => JSON.stringify(value ?? []) })
  declare unmatchedRows: UnmatchedRow[]

  @column()
  declare error: string | null

  @column.dateTime()
  declare startedAt: DateTime | null

  @column.dateTime()
  declare finishedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
