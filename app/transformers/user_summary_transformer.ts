import env from '#start/env'
import type User from '#models/user'

/** The contract's UserSummary. */
export interface UserSummary {
  id: number
  username: string
  display_name: string | null
  avatar_url: string | null
}

/**
 * Avatars live on the public fs disk (served at /uploads); a stored absolute
 * URL is kept as it is.
 */
export function avatarUrl(path: string | null | undefined): string | null {
  if (!path) return null
  if (/^https?:\/\//.test(path)) return path
  const base = env.get('APP_URL').replace(/\/$/, '')
  return `${base}/uploads/${path.replace(/^\//, '')}`
}

export default class UserSummaryTransformer {
  static summary(user: Pick<User, 'id' | 'username' | 'displayName' | 'avatarPath'>): UserSummary {
    return {
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      avatar_url: avatarUrl(user.avatarPath),
    }
  }
}
