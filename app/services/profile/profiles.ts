import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import cache from '@adonisjs/cache/services/main'
import emitter from '@adonisjs/core/services/emitter'
import { profileExtrasKey, profileExtrasTag } from '#services/profile/profile_cache'
import { AuthErrors } from '#exceptions/auth_errors'
import type User from '#models/user'
import type { MaturityFilter } from '#models/user'
import { assertAvailable, isUniqueViolation } from '#services/auth/availability'
import EmailVerificationService from '#services/auth/email_verifications'
import { forgetCachedUser } from '#services/auth/user_cache'
import { assertGenresExist } from '#services/profile/favorite_genres'
import UserTransformer, { type ProfileExtras, type ProfileStats } from '#transformers/user_transformer'

export type { ProfileExtras, ProfileStats }

export interface ProfileUpdate {
  username?: string
  email?: string
  displayName?: string | null
  firstName?: string | null
  lastName?: string | null
  bio?: string | null
  isPrivate?: boolean
  preferredLanguage?: string
  maturityFilter?: MaturityFilter
  genreIds?: number[]
  birthDate?: DateTime | null
}

export function isAdult(birthDate: DateTime | null | undefined) {
  return Boolean(birthDate && birthDate.plus({ years: 18 }) <= DateTime.now())
}

/** The caller's own profile: reads (with stats and genres) and updates. */
@inject()
export default class ProfileService {
  constructor(protected emailVerifications: EmailVerificationService) {}

  /**
   * What the profile view needs besides the user row, in one round trip:
   * the counters, the favourite genres (as JSON, by name) and whether
   * two-factor sign-in is on (enable and disable drop the cached copy).
   */
  async load(user: User): Promise<ProfileExtras> {
    return cache.getOrSet({
      key: profileExtrasKey(user.id),
      tags: [profileExtrasTag(user.id)],
      factory: () => this.loadFresh(user),
    })
  }

  private async loadFresh(user: User): Promise<ProfileExtras> {
    const count = (table: string) => db.from(table).where('user_id', user.id).count('*')
    const genres = db
      .from('user_genres')
      .join('genres', 'genres.id', 'user_genres.genre_id')
      .where('user_genres.user_id', user.id)
      .select(
        db.raw(
          `coalesce(json_agg(json_build_object('id', genres.id, 'name', genres.name) ORDER BY genres.name), '[]')`
        )
      )
    const row = await db
      .query()
      .select(
        count('ratings').as('ratings'),
        count('ratings').whereNotNull('review').whereNot('review', '').as('reviews'),
        count('watchlist_items').as('watchlist'),
        count('favorites').as('favorites'),
        db
          .from('friendships')
          .where((query) => query.where('user_low_id', user.id).orWhere('user_high_id', user.id))
          .count('*')
          .as('friends'),
        genres.as('genres'),
        db.raw('exists (select 1 from user_two_factors where user_id = ? and enabled_at is not null) as two_factor', [
          user.id,
        ])
      )
      .first()
    return {
      genres: row?.genres ?? [],
      stats: UserTransformer.stats(row ?? {}),
      twoFactorEnabled: Boolean(row?.two_factor),
    }
  }

  async update(user: User, input: ProfileUpdate) {
    const usernameChanged = input.username !== undefined && input.username !== user.username
    const emailChanged =
      input.email !== undefined && input.email.toLowerCase() !== (user.email ?? '').toLowerCase()
    await assertAvailable(
      { username: usernameChanged ? input.username : undefined, email: emailChanged ? input.email : undefined },
      user.id
    )
    if (input.genreIds?.length) await assertGenresExist(input.genreIds)

    const birthDate = input.birthDate !== undefined ? input.birthDate : user.birthDate
    const maturity = input.maturityFilter ?? user.maturityFilter
    if (maturity === 'adult' && !isAdult(birthDate)) {
      throw input.maturityFilter === 'adult'
        ? AuthErrors.field(
            'maturity_filter',
            'adult',
            'The adult filter needs a birth date showing you are 18 or older'
          )
        : AuthErrors.field(
            'birth_date',
            'adult',
            'This birth date does not allow the adult maturity filter'
          )
    }

    try {
      await db.transaction(async (trx) => {
        user.useTransaction(trx)
        user.merge({
          ...(usernameChanged ? { username: input.username } : {}),
          ...(emailChanged ? { email: input.email, emailVerifiedAt: null } : {}),
          ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
          ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
          ...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
          ...(input.bio !== undefined ? { bio: input.bio } : {}),
          ...(input.isPrivate !== undefined ? { isPrivate: input.isPrivate } : {}),
          ...(input.preferredLanguage !== undefined ? { preferredLanguage: input.preferredLanguage } : {}),
          ...(input.maturityFilter !== undefined ? { maturityFilter: input.maturityFilter } : {}),
          ...(input.birthDate !== undefined ? { birthDate: input.birthDate } : {}),
        })
        await user.save()
        if (input.genreIds !== undefined) {
          await user.related('genres').sync(input.genreIds, true, trx)
        }
      })
    } catch (error) {
      if (isUniqueViolation(error)) {
        await assertAvailable({ username: input.username, email: input.email }, user.id)
      }
      throw error
    }

    await forgetCachedUser(user.id)
    if (input.genreIds !== undefined) {
      await emitter.emit('user:library_changed', { userId: user.id, change: 'genres' })
    }
    // A new address must be verified again.
    if (emailChanged) await this.emailVerifications.send(user)
    return user
  }
}
