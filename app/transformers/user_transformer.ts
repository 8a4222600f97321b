import type { DateTime } from 'luxon'
import { appUrl } from '#config/app'
import type User from '#models/user'

/** Drive serves the fs disk under /uploads (config/drive.ts). */
const UPLOADS_BASE = `${appUrl.replace(/\/+$/, '')}/uploads`

/** A stored absolute URL (imported avatars) is kept as it is. */
export function avatarUrl(path: string | null | undefined) {
  if (!path) return null
  if (/^https?:\/\//.test(path)) return path
  return `${UPLOADS_BASE}/${path.replace(/^\//, '')}`
}

/** Same string as `value.toUTC().toISO()`, via the JS Date: luxon's zone switch was a hot spot of GET /me. */
export function isoTimestamp(value: DateTime | null | undefined) {
  return value?.isValid ? value.toJSDate().toISOString() : null
}

export interface UserSummary {
  id: number
  username: string
  display_name: string | null
  avatar_url: string | null
}

/** The caller's activity counters (`stats` of the profile). */
export interface ProfileStats {
  ratings: number
  reviews: number
  friends: number
  watchlist: number
  favorites: number
}

/** The `users` columns a UserSummary is made of. */
export interface UserSummaryRow {
  id: number
  username: string
  display_name: string | null
  avatar_path: string | null
}

/** The caller's own profile (GET/PATCH /me, and `user` of the auth responses). */
export interface Profile extends UserSummary {
  email: string | null
  email_verified: boolean
  first_name: string | null
  last_name: string | null
  bio: string | null
  birth_date: string | null
  is_private: boolean
  role: User['role']
  preferred_language: string
  maturity_filter: User['maturityFilter']
  genres: { id: number; name: string }[]
  two_factor_enabled: boolean
  created_at: string | null
  updated_at: string | null
  stats: ProfileStats
}

/** What the profile shows besides the user row (ProfileService.load, cached per user). */
export interface ProfileExtras {
  genres: { id: number; name: string }[]
  stats: ProfileStats
  twoFactorEnabled: boolean
}

/**
 * Users as the API shows them. Only whitelisted fields leave: never the
 * password hash or internal flags.
 */
export default class UserTransformer {
  static summary(user: Pick<User, 'id' | 'username' | 'displayName' | 'avatarPath'>): UserSummary {
    return {
      id: user.id,
      username: user.username,
      display_name: user.displayName ?? null,
      avatar_url: avatarUrl(user.avatarPath),
    }
  }

  /** The same UserSummary from a raw `users` row (snake_case columns). */
  static summaryOfRow(row: UserSummaryRow): UserSummary {
    return UserTransformer.summary({
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      avatarPath: row.avatar_path,
    })
  }

  /** The counters from the profile query's row (counts come back as strings); missing ones are 0. */
  static stats(row: Partial<Record<keyof ProfileStats, string | number | null>>): ProfileStats {
    return {
      ratings: Number(row.ratings ?? 0),
      reviews: Number(row.reviews ?? 0),
      friends: Number(row.friends ?? 0),
      watchlist: Number(row.watchlist ?? 0),
      favorites: Number(row.favorites ?? 0),
    }
  }

  static profile(user: User, { genres, stats, twoFactorEnabled }: ProfileExtras): Profile {
    return {
      ...UserTransformer.summary(user),
      email: user.email ?? null,
      email_verified: Boolean(user.emailVerifiedAt),
      // A model just created holds only what was set: unset columns are null in the row.
      first_name: user.firstName ?? null,
      last_name: user.lastName ?? null,
      bio: user.bio ?? null,
      birth_date: user.birthDate?.toISODate() ?? null,
      is_private: user.isPrivate,
      role: user.role,
      preferred_language: user.preferredLanguage,
      maturity_filter: user.maturityFilter,
      genres: genres.map((genre) => ({ id: genre.id, name: genre.name })),
      // Extras cached before the field existed have none: false, as the database would say.
      two_factor_enabled: Boolean(twoFactorEnabled),
      created_at: isoTimestamp(user.createdAt),
      updated_at: isoTimestamp(user.updatedAt),
      stats,
    }
  }
}
