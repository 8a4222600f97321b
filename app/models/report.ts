import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

export const REPORT_REASONS = ['abuse', 'spoilers', 'spam', 'plagiarism', 'other'] as const
export type ReportReason = (typeof REPORT_REASONS)[number]
export type ReportTargetType = 'review' | 'comment' | 'list'
export type ReportStatus = 'open' | 'dismissed' | 'actioned'

/** An entry of the moderation queue (the admin panel resolves them). */
export default class Report extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare reporterId: number | null

  @column()
  declare targetType: ReportTargetType

  /** bigint (review ids are rating ids): pg returns it as a string. */
  @column({ consume: (value: string | number) => Number(value) })
  declare targetId: number

  @column()
  declare targetUserId: number | null

  @column()
  declare targetSnapshot: string | null

  @column()
  declare reason: ReportReason

  @column()
  declare message: string | null

  @column()
  declare status: ReportStatus

  @column()
  declare resolvedBy: number | null

  @column.dateTime()
  declare resolvedAt: DateTime | null

  @column()
  declare resolutionNote: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => User, { foreignKey: 'reporterId' })
  declare reporter: BelongsTo<typeof User>
}
