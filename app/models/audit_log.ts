import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'

export interface AuditFilters {
  actor?: string
  action?: string
  targetType?: string
  targetId?: string
}

/** One moderator action of the admin panel (append-only, see migration 0050). */
export default class AuditLog extends BaseModel {
  static table = 'audit_logs'

  @column({ isPrimary: true, consume: (value: string | number) => Number(value) })
  declare id: number

  @column()
  declare actorId: number | null

  @column()
  declare actorUsername: string

  @column()
  declare action: string

  @column()
  declare targetType: string

  @column()
  declare targetId: string | null

  @column({ prepare: (value: unknown) => JSON.stringify(value ?? {}) })
  declare details: Record<string, unknown>

  @column()
  declare ipAddress: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  static filtered = scope((query, filters: AuditFilters) => {
    if (filters.actor) query.where('actor_username', 'ilike', filters.actor)
    if (filters.action) query.where('action', filters.action)
    if (filters.targetType) query.where('target_type', filters.targetType)
    if (filters.targetId) query.where('target_id', filters.targetId)
  })
}
