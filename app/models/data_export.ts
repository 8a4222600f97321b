import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type ExportStatus = 'queued' | 'processing' | 'ready' | 'failed' | 'expired'

/** A ZIP of everything a user owns, built by ExportUserDataJob. */
export default class DataExport extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare status: ExportStatus

  /** Random key on the private disk; never shown to clients. */
  @column({ serializeAs: null })
  declare fileKey: string | null

  @column({ consume: (value: string | number | null) => (value === null ? null : Number(value)) })
  declare sizeBytes: number | null

  @column()
  declare error: string | null

  @column.dateTime()
  declare finishedAt: DateTime | null

  @column.dateTime()
  declare expiresAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** A finished export past its 24 h (or explicitly expired). */
  get isExpired() {
    return this.status === 'expired' || (this.expiresAt !== null && this.expiresAt <= DateTime.now())
  }
}
