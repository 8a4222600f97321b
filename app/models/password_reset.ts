import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'

/**
 * A password reset request. `userId` is null when the email is unknown: the
 * request behaves like a real one, but its code can never match.
 */
export default class PasswordReset extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number | null

  @column({ serializeAs: null })
  declare tokenHash: string

  @column({ serializeAs: null })
  declare otpHash: string

  @column()
  declare ipAddress: string

  @column()
  declare attempts: number

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare verifiedAt: DateTime | null

  @column.dateTime()
  declare usedAt: DateTime | null

  @column.dateTime()
  declare revokedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  /** Neither used nor revoked (it may still have expired). */
  static pending = scope((query) => {
    query.whereNull('used_at').whereNull('revoked_at')
  })
}
