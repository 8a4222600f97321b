import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'

/** One of the ten recovery codes of two-factor sign-in: a hash only, usable once. */
export default class TwoFactorRecoveryCode extends BaseModel {
  static table = 'two_factor_recovery_codes'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column({ serializeAs: null })
  declare codeHash: string

  @column.dateTime()
  declare usedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  static unused = scope((query) => {
    query.whereNull('used_at')
  })
}
