import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import LoginSession from '#models/login_session'

export type RefreshTokenStatus = 'active' | 'rotated' | 'revoked'

/** One generation of a session's refresh token (only its sha256 is stored). */
export default class RefreshToken extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare sessionId: number

  @column({ serializeAs: null })
  declare tokenHash: string

  @column()
  declare status: RefreshTokenStatus

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare usedAt: DateTime | null

  /** The token that replaced this one (refresh grace window). */
  @column()
  declare successorId: number | null

  /** The replacing pair, sealed with a key derived from this token (secrets.ts `sealFor`). */
  @column({ serializeAs: null })
  declare successorSealed: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => LoginSession, { foreignKey: 'sessionId' })
  declare session: BelongsTo<typeof LoginSession>
}
