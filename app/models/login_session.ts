import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, scope } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

export type SessionPlatform = 'web' | 'mobile-app'
export type SessionStatus = 'active' | 'revoked'
export type RevokeReason =
  | 'logout'
  | 'revoked'
  | 'password_change'
  | 'password_reset'
  | 'refresh_token_reuse'
  | 'account_deleted'

/** A device's login: the `sid` of its access tokens and owner of its refresh tokens. */
export default class LoginSession extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare deviceName: string | null

  @column()
  declare platform: SessionPlatform | null

  @column()
  declare ipAddress: string | null

  @column()
  declare userAgent: string | null

  @column()
  declare status: SessionStatus

  @column()
  declare revokedReason: RevokeReason | null

  @column.dateTime()
  declare sessionStart: DateTime

  @column.dateTime()
  declare lastSeenAt: DateTime

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare revokedAt: DateTime | null

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  /** Active and not past its (sliding) expiry. */
  get isActive() {
    return this.status === 'active' && this.expiresAt > DateTime.now()
  }

  static active = scope((query) => {
    query.where('status', 'active').where('expires_at', '>', DateTime.now().toSQL()!)
  })

  static ownedBy = scope((query, userId: number) => {
    query.where('user_id', userId)
  })
}
