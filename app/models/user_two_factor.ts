import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * A user's two-factor sign-in (TOTP) state. Both secrets are ciphertexts of
 * the app's encryption service (app/services/auth/two_factor.ts reads them);
 * they never leave the server except once, in clear, as the setup's answer.
 */
export default class UserTwoFactor extends BaseModel {
  static table = 'user_two_factors'
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare userId: number

  /** The active secret (encrypted); set together with `enabledAt`. */
  @column({ serializeAs: null })
  declare secret: string | null

  /** The secret of a setup not confirmed yet (encrypted). */
  @column({ serializeAs: null })
  declare pendingSecret: string | null

  @column.dateTime()
  declare enabledAt: DateTime | null

  /** TOTP time step of the last accepted code: no code of it or before works again. */
  @column()
  declare lastUsedStep: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isEnabled() {
    return Boolean(this.enabledAt && this.secret)
  }
}
