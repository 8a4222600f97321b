import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, afterDelete, afterSave, column, manyToMany, scope } from '@adonisjs/lucid/orm'
import type { ManyToMany } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import Genre from '#models/genre'

export type UserRole = 'user' | 'moderator' | 'admin'
export type MaturityFilter = 'all' | 'teen' | 'adult'

const AuthFinder = withAuthFinder(hash, { uids: ['username', 'email'], passwordColumnName: 'password' })

/**
 * AuthFinder hashes `password` on save (scrypt, config/hash.ts). Sign-in
 * goes through the JWT guard (app/auth/guards/jwt_guard.ts).
 */
export default class User extends compose(BaseModel, AuthFinder) {
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

  /** Favourite genres (onboarding and profile). */
  @manyToMany(() => Genre, {
    pivotTable: 'user_genres',
    pivotTimestamps: { createdAt: 'created_at', updatedAt: false },
  })
  declare genres: ManyToMany<typeof Genre>

  get isModerator() {
    return this.role === 'moderator' || this.role === 'admin'
  }

  /** Adult titles are shown only to adults who opted in. */
  get showsAdultTitles() {
    if (this.maturityFilter !== 'adult' || !this.birthDate) return false
    return this.birthDate.plus({ years: 18 }) <= DateTime.now()
  }

  get isSuspended() {
    return Boolean(this.suspendedAt)
  }

  /**
   * The JWT guard serves users from a cache (app/services/auth/user_cache.ts):
   * every write drops the cached copy, again after commit when inside a
   * transaction (a concurrent read could have cached the old row meanwhile).
   */
  @afterSave()
  @afterDelete()
  static async forgetCachedCopy(user: User) {
    const { forgetCachedUser } = await import('#services/auth/user_cache')
    await forgetCachedUser(user.id)
    // (Logged by forgetCachedUser; services also drop it once their transaction is over.)
    user.$trx?.after('commit', () => forgetCachedUser(user.id).catch(() => {}))
  }

  /**
   * Cached feed pages show users (name, avatar) and depend on the reader's
   * maturity settings (app/services/social/feed_cache.ts); after commit too.
   */
  @afterSave()
  @afterDelete()
  static async forgetFeedPages(user: User) {
    const { invalidateFeedActorQuietly } = await import('#services/social/feed_cache')
    await invalidateFeedActorQuietly(user.id)
    user.$trx?.after('commit', () => invalidateFeedActorQuietly(user.id))
  }

  static realAccounts = scope((query) => {
    query.where('is_placeholder', false)
  })
}
