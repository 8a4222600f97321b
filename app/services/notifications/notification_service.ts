import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import UserSummaryTransformer from '#transformers/user_summary_transformer'
import NotificationTransformer, {
  NOTIFICATION_TYPES,
  type NotificationResource,
  type NotificationRow,
  type NotificationType,
} from '#transformers/notification_transformer'
import { realtime } from '#services/realtime/realtime_push'
import NotificationSettingsService from '#services/notifications/notification_settings'
import NotificationDigest, { type DigestEntry } from '#services/notifications/notification_digest'

export { NOTIFICATION_TYPES, type NotificationType, type NotificationResource }

export interface NewNotification {
  userId: number
  type: NotificationType
  title: string
  message: string
  movieId?: number | null
  image?: string | null
  data?: Record<string, unknown>
}

/** A row as INSERT … RETURNING gives it back (with its recipient). */
interface StoredNotificationRow extends NotificationRow {
  user_id: number
}

const COLUMNS = ['id', 'type', 'title', 'message', 'read_at', 'created_at', 'movie_id', 'image', 'data']
/** Rows per INSERT in `createMany`: 7 bindings a row stays far below Postgres' 65,535. */
const INSERT_BATCH = 1000

export type NotificationPage = Page<NotificationResource> & { meta: Page<NotificationResource>['meta'] & { unread_count: number } }

/**
 * Stored notifications. Creation happens in queue workers (never inside a
 * request): `create`, `createMany` and `createOrReplaceUnread` are the only
 * writers. Each passes the recipients' notification settings first
 * (`deliverable`: one settings read per batch): a type a user switched off
 * in-app is neither stored nor pushed, and a type with email on is queued
 * for their daily digest. What is stored ends in `afterInsert`, where the
 * real-time push belongs.
 */
@inject()
export default class NotificationService {
  constructor(
    protected settings: NotificationSettingsService,
    protected digest: NotificationDigest
  ) {}

  /** The stored notification, or null when the recipient switched the type off in-app. */
  async create(input: NewNotification): Promise<NotificationResource | null> {
    const [created] = await this.insert([input])
    return created ?? null
  }

  /**
   * Many notifications (fan-outs), up to INSERT_BATCH rows per statement.
   * Same path as `create`, so every row passes the settings and reaches
   * `afterInsert`; only the stored ones are returned.
   */
  async createMany(inputs: NewNotification[]): Promise<NotificationResource[]> {
    const created: NotificationResource[] = []
    for (let start = 0; start < inputs.length; start += INSERT_BATCH) {
      created.push(...(await this.insert(inputs.slice(start, start + INSERT_BATCH))))
    }
    return created
  }

  /** Whether `userId` already has a `type` notification whose `data[dataKey]` is `value` (retried jobs check it). */
  async exists(userId: number, type: NotificationType, dataKey: string, value: string | number): Promise<boolean> {
    const row = await db
      .from('notifications')
      .where({ user_id: userId, type })
      // jsonb ->> reads text: compare with the value as text.
      .whereRaw('data ->> ? = ?', [dataKey, String(value)])
      .select('id')
      .first()
    return Boolean(row)
  }

  /** The caller's notification `id`, now read (idempotent); 404 for anyone else's or an unknown id. */
  async markOneRead(user: User, id: number): Promise<NotificationResource> {
    await db.from('notifications').where({ id, user_id: user.id }).whereNull('read_at').update({ read_at: new Date() })
    const row = await db.from('notifications').where({ id, user_id: user.id }).select(COLUMNS).first()
    if (!row) throw ApiException.notFound('Notification not found')
    return NotificationTransformer.resource(row)
  }

  /** A friend-request or friend-accepted event, worded for its recipient. */
  async friendEvent(event: 'friend_request' | 'friend_accepted', recipientId: number, actorId: number, requestId: number | null) {
    const [recipient, actor] = await Promise.all([
      db.from('users').where('id', recipientId).select('id').first(),
      db.from('users').where('id', actorId).select('id', 'username', 'display_name', 'avatar_path').first(),
    ])
    // Either account may be gone by the time the job runs: nothing to tell.
    if (!recipient || !actor) return null
    const summary = UserSummaryTransformer.summary({
      id: actor.id,
      username: actor.username,
      displayName: actor.display_name,
      avatarPath: actor.avatar_path,
    })
    const name = summary.display_name || summary.username
    return this.create({
      userId: recipientId,
      type: event,
      title: event === 'friend_request' ? 'New friend request' : 'Friend request accepted',
      message: event === 'friend_request' ? `${name} sent you a friend request` : `${name} accepted your friend request`,
      image: summary.avatar_url,
      data: { user: summary, ...(requestId !== null ? { request_id: requestId } : {}) },
    })
  }

  async list(user: User, unreadOnly: boolean, page: PageRequest, path: string, query: Record<string, unknown>): Promise<NotificationPage> {
    const base = db.from('notifications').where('user_id', user.id)
    if (unreadOnly) base.whereNull('read_at')
    const [totalRow, unreadRow, rows] = await Promise.all([
      base.clone().count('* as total').first(),
      db.from('notifications').where('user_id', user.id).whereNull('read_at').count('* as total').first(),
      base
        .clone()
        .select(COLUMNS)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .offset((page.page - 1) * page.perPage)
        .limit(page.perPage),
    ])
    return {
      data: rows.map((row: NotificationRow) => NotificationTransformer.resource(row)),
      meta: { ...paginationMeta(Number(totalRow?.total ?? 0), page, path, query), unread_count: Number(unreadRow?.total ?? 0) },
    }
  }

  /** Marks the caller's notifications read; ids of others' notifications are ignored. */
  async markRead(user: User, selection: { ids?: number[]; all?: boolean }): Promise<number> {
    const query = db.from('notifications').where('user_id', user.id).whereNull('read_at')
    if (!selection.all) query.whereIn('id', selection.ids ?? [])
    const updated = await query.update({ read_at: new Date() })
    return Array.isArray(updated) ? Number(updated[0] ?? 0) : Number(updated ?? 0)
  }

  /**
   * One unread notification per `match` (e.g. one per chat room): when the
   * user already has an unread one of this type whose data contains `match`,
   * it is rewritten (and moves to the top) instead of a new one piling up;
   * otherwise a new one is created. `build` words it from the previous one.
   * An advisory lock keeps two concurrent jobs from both creating one.
   * Null when the user switched the type off in-app (nothing stored).
   */
  async createOrReplaceUnread(
    userId: number,
    type: NotificationType,
    match: Record<string, number | string>,
    build: (previous: NotificationResource | null) => Omit<NewNotification, 'userId' | 'type'>
  ): Promise<NotificationResource | null> {
    const channels = (await this.settings.channelsFor([userId], type)).get(userId)!
    // The digest lists the conversation once, as its latest notification reads.
    const groupKey = `${type}:${JSON.stringify(match)}`
    if (!channels.in_app) {
      // Nothing stored to build on: the digest gets the event as a first one would read.
      if (channels.email) await this.digest.record([{ ...build(null), userId, type, groupKey }])
      return null
    }
    const mailed: DigestEntry[] = []
    const rows: StoredNotificationRow[] = await db.transaction(async (trx) => {
      await trx.rawQuery('SELECT pg_advisory_xact_lock(hashtext(?))', [`notifications:${userId}:${type}:${JSON.stringify(match)}`])
      const previousRow = await trx
        .from('notifications')
        .where({ user_id: userId, type })
        .whereNull('read_at')
        .whereRaw('data @> ?::jsonb', [JSON.stringify(match)])
        .orderBy('id', 'desc')
        .select(COLUMNS)
        .first()
      const input = build(previousRow ? NotificationTransformer.resource(previousRow) : null)
      if (channels.email) mailed.push({ title: input.title, message: input.message, userId, type, groupKey })
      const values = {
        title: input.title,
        message: input.message,
        movie_id: input.movieId ?? null,
        image: input.image ?? null,
        data: JSON.stringify({ ...(input.data ?? {}), ...match }),
      }
      if (previousRow) {
        return trx
          .from('notifications')
          .where('id', previousRow.id)
          .update({ ...values, created_at: new Date() })
          .returning(['user_id', ...COLUMNS])
      }
      return trx
        .table('notifications')
        .insert({ ...values, user_id: userId, type })
        .returning(['user_id', ...COLUMNS])
    })
    await this.digest.record(mailed)
    const [written] = await this.afterInsert(rows)
    return written
  }

  /**
   * The gate every writer passes: keeps the inputs whose recipient has the
   * type on in-app, and queues for the digest those whose recipient has it
   * on by email (whether or not it is stored). One settings read per type
   * for the whole batch.
   */
  private async deliverable(inputs: NewNotification[]): Promise<NewNotification[]> {
    const byType = new Map<NotificationType, NewNotification[]>()
    for (const input of inputs) {
      const group = byType.get(input.type)
      if (group) group.push(input)
      else byType.set(input.type, [input])
    }
    const inApp: NewNotification[] = []
    const mailed: NewNotification[] = []
    for (const [type, group] of byType) {
      const channels = await this.settings.channelsFor(group.map((input) => input.userId), type)
      for (const input of group) {
        const chosen = channels.get(input.userId)!
        if (chosen.in_app) inApp.push(input)
        if (chosen.email) mailed.push(input)
      }
    }
    await this.digest.record(mailed)
    return inApp
  }

  private async insert(candidates: NewNotification[]): Promise<NotificationResource[]> {
    if (!candidates.length) return []
    const inputs = await this.deliverable(candidates)
    if (!inputs.length) return []
    const rows: StoredNotificationRow[] = await db
      .table('notifications')
      .insert(
        inputs.map((input) => ({
          user_id: input.userId,
          type: input.type,
          title: input.title,
          message: input.message,
          movie_id: input.movieId ?? null,
          image: input.image ?? null,
          data: JSON.stringify(input.data ?? {}),
        }))
      )
      .returning(['user_id', ...COLUMNS])
    return this.afterInsert(rows)
  }

  /** Every notification written (`create`, `createMany`, `createOrReplaceUnread`) passes here once, right after it is stored. */
  private async afterInsert(rows: StoredNotificationRow[]): Promise<NotificationResource[]> {
    const created = rows.map((row) => ({ userId: Number(row.user_id), notification: NotificationTransformer.resource(row) }))
    // Stored first, pushed second: the push is best effort, the inbox is the truth.
    for (const entry of created) realtime.notification(entry.userId, entry.notification)
    return created.map((entry) => entry.notification)
  }
}
