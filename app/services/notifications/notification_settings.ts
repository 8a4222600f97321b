import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import { NOTIFICATION_TYPES, type NotificationType } from '#transformers/notification_transformer'

/** The two channels a notification can go out on. */
export interface NotificationChannels {
  in_app: boolean
  email: boolean
}

/** Every type with its channels (GET /me/notification-settings). */
export type NotificationSettings = Record<NotificationType, NotificationChannels>

/** A PATCH body after validation: some types, some channels. */
export type NotificationSettingsPatch = Partial<Record<NotificationType, Partial<NotificationChannels>>>

/**
 * Types mailed by default. A set of plain strings on purpose: a type listed
 * here that NOTIFICATION_TYPES does not hold (yet) is simply never asked for.
 */
const EMAIL_BY_DEFAULT: ReadonlySet<string> = new Set(['friend_request', 'availability'])

/** A type's channels when the user has not chosen. */
export function defaultChannels(type: NotificationType): NotificationChannels {
  return { in_app: true, email: EMAIL_BY_DEFAULT.has(type) }
}

/** A stored override: null keeps the default of that channel. */
interface OverrideRow {
  type: string
  in_app: boolean | null
  email: boolean | null
}

const settingsKey = (userId: number) => `notification-settings:${userId}`

function applyOverride(type: NotificationType, row: OverrideRow | undefined): NotificationChannels {
  const channels = defaultChannels(type)
  return { in_app: row?.in_app ?? channels.in_app, email: row?.email ?? channels.email }
}

/**
 * Notification preferences. Only overrides are stored
 * (notification_settings, a row per user and type that differs from the
 * default); a user's overrides are cached (L1 + Redis, invalidated by
 * `update`), and a fan-out reads a whole batch of recipients in one query
 * (`channelsFor`). Types come from NOTIFICATION_TYPES, so a new type shows
 * up here with its defaults and no other change.
 */
export default class NotificationSettingsService {
  /** Every type with the user's channels. */
  async forUser(userId: number): Promise<NotificationSettings> {
    const overrides = await this.overridesOf(userId)
    const byType = new Map(overrides.map((row) => [row.type, row]))
    return Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, applyOverride(type, byType.get(type))])) as NotificationSettings
  }

  /**
   * The channels of `type` for each of `userIds`: one query for the batch
   * (the cached overrides for a single recipient), defaults for users
   * without an override.
   */
  async channelsFor(userIds: number[], type: NotificationType): Promise<Map<number, NotificationChannels>> {
    const ids = [...new Set(userIds)]
    let rows: (OverrideRow & { user_id: number })[]
    if (ids.length === 1) {
      rows = (await this.overridesOf(ids[0])).filter((row) => row.type === type).map((row) => ({ ...row, user_id: ids[0] }))
    } else if (ids.length) {
      rows = await db
        .from('notification_settings')
        .whereIn('user_id', ids)
        .where('type', type)
        .select('user_id', 'type', 'in_app', 'email')
    } else {
      rows = []
    }
    const byUser = new Map(rows.map((row) => [Number(row.user_id), row]))
    return new Map(ids.map((id) => [id, applyOverride(type, byUser.get(id))]))
  }

  /**
   * Applies a partial change (types and channels already validated) and
   * returns every type's channels. A channel set back to its default stops
   * being an override; a type with no override left loses its row.
   */
  async update(userId: number, patch: NotificationSettingsPatch): Promise<NotificationSettings> {
    const changes = (Object.entries(patch) as [NotificationType, Partial<NotificationChannels> | undefined][]).filter(
      (entry): entry is [NotificationType, Partial<NotificationChannels>] => entry[1] !== undefined
    )
    if (changes.length) {
      await db.transaction(async (trx) => {
        const current = await trx
          .from('notification_settings')
          .where('user_id', userId)
          .whereIn('type', changes.map(([type]) => type))
          .forUpdate()
          .select('type', 'in_app', 'email')
        const byType = new Map<string, OverrideRow>(current.map((row: OverrideRow) => [row.type, row]))
        for (const [type, change] of changes) {
          const defaults = defaultChannels(type)
          const before = byType.get(type)
          const pick = (channel: keyof NotificationChannels) => {
            const value = change[channel] ?? before?.[channel] ?? null
            return value === null || value === defaults[channel] ? null : value
          }
          const inApp = pick('in_app')
          const email = pick('email')
          if (inApp === null && email === null) {
            if (before) await trx.from('notification_settings').where({ user_id: userId, type }).delete()
            continue
          }
          await trx
            .insertQuery()
            .table('notification_settings')
            .insert({ user_id: userId, type, in_app: inApp, email, updated_at: new Date() })
            .onConflict(['user_id', 'type'])
            .merge(['in_app', 'email', 'updated_at'])
        }
      })
      await cache.delete({ key: settingsKey(userId) })
    }
    return this.forUser(userId)
  }

  /**
   * The user's stored overrides, cached until they change them. A read that
   * started before a PATCH can still store what it read after the PATCH
   * dropped the key: the short TTL bounds that window.
   */
  private overridesOf(userId: number): Promise<OverrideRow[]> {
    return cache.getOrSet({
      key: settingsKey(userId),
      ttl: '1m',
      factory: () =>
        db.from('notification_settings').where('user_id', userId).select('type', 'in_app', 'email') as Promise<OverrideRow[]>,
    })
  }
}
