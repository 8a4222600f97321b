import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import emitter from '@adonisjs/core/services/emitter'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, afterDelete, afterSave, column, manyToMany, scope } from '@adonisjs/lucid/orm'
import type { ManyToMany } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import Genre from '#models/genre'
import type { MaturityFilter } from '#models/catalogue_scopes'

export type UserRole = 'user' | 'moderator' | 'admin'
export type { MaturityFilter }

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
   * Caches hold copies of users: the JWT guard's user cache
   * (app/services/auth/user_cache.ts) and cached feed pages, which show names
   * and avatars and depend on the reader's maturity settings. Every write
   * through the model tells them (`user:changed`, start/events.ts), again
   * after commit when inside a transaction (a concurrent read could have
   * cached the old row meanwhile). An event, not imports: those caches
   * import this model.
   */
  @afterSave()
  @afterDelete()
  static async announceChange(user: User) {
    // Awaited: the next request must not meet the old copy (a failure fails the write).
    await emitter.emit('user:changed', { userId: user.id })
    user.$trx?.after('commit', () => emitter.emit('user:changed', { userId: user.id }).catch(() => {}))
  }

  static realAccounts = scope((query) => {
    query.where('is_placeholder', false)
  })
}
