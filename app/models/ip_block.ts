import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'

/**
 * An IP refused on the auth endpoints until `blockedUntil`: for one account
 * (`account`, e.g. `user:42`) or, when `account` is null, for every account
 * (admin panel reads these).
 */
export default class IpBlock extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare ipAddress: string

  @column()
  declare account: string | null

  @column()
  declare reason: string

  @column()
  declare failures: number

  @column.dateTime()
  declare blockedUntil: DateTime

  @column.dateTime()
  declare liftedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  static current = scope((query) => {
    query.whereNull('lifted_at').where('blocked_until', '>', DateTime.now().toSQL()!)
  })
}
