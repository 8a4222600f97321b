import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'

export type UserRole = 'user' | 'moderator' | 'admin'
export type MaturityFilter = 'all' | 'teen' | 'adult'

const AuthFinder = withAuthFinder(hash, { uids: ['username', 'email'], passwordColumnName: 'password' })

export default class User extends compose(BaseModel, AuthFinder) {
  static accessTokens = DbAccessTokensProvider.forModel(User)

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare username: string

  @column()
  declare email: string | null

  @column({ serializeAs: null })
  declare password: string | null

  @column()
  declare displayName: string | null

  @column()
  declare firstName: string | null

  @column()
  declare lastName: string | null

  @column()
  declare bio: string | null

  @column()
  declare avatarPath: string | null

  @column.date()
  declare birthDate: DateTime | null

  @column()
  declare isPrivate: boolean

  @column()
  declare role: UserRole

  @column()
  declare preferredLanguage: string

  @column()
  declare maturityFilter: MaturityFilter

  @column.dateTime()
  declare emailVerifiedAt: DateTime | null

  @column.dateTime()
  declare suspendedAt: DateTime | null

  @column()
  declare movielensUserId: number | null

  @column()
  declare isPlaceholder: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isModerator() {
    return this.role === 'moderator' || this.role === 'admin'
  }

  /** Adult titles are shown only to adults who opted in. */
  get showsAdultTitles() {
    if (this.maturityFilter !== 'adult' || !this.birthDate) return false
    return this.birthDate.plus({ years: 18 }) <= DateTime.now()
  }

  static realAccounts = scope((query) => {
    query.where('is_placeholder', false)
  })
}
