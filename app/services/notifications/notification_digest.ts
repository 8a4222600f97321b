import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import type { NotificationType } from '#transformers/notification_transformer'
import { sha256 } from '#services/auth/secrets'

/** What goes into a digest: the notification as its recipient would read it. */
export interface DigestEntry {
  userId: number
  type: NotificationType
  title: string
  message: string
  data?: Record<string, unknown>
  /**
   * What the entry stands for; the newest entry with a key replaces the one
   * waiting. Defaults to the notification itself (type, wording and data),
   * so the same notification written twice (a retried job) waits once.
   */
  groupKey?: string
}

function groupKeyOf(entry: DigestEntry) {
  return entry.groupKey ?? `${entry.type}:${sha256(JSON.stringify([entry.title, entry.message, entry.data ?? {}])).slice(0, 40)}`
}

/** Entries listed in one mail (the rest are counted: "and 12 more"). */
export const DIGEST_LISTED = 50
/** Entries waiting longer than this (an address never verified, a suspended account) are dropped. */
export const DIGEST_ITEM_MAX_AGE_DAYS = 7
/** Recipients read per round by the daily run. */
const RECIPIENT_BATCH = 500

/** The UTC calendar day a digest counts against ("2026-12-08"). */
export function digestDay(at: DateTime = DateTime.utc()) {
  return at.toUTC().toISODate()!
}

export type DigestResult =
  | { sent: true; day: string; items: number }
  | { sent: false; reason: 'already_sent_today' | 'nothing_pending' | 'no_address' }

/**
 * Email digests of notifications. The central notification writer
 * (NotificationService) records an entry for each recipient whose settings
 * have email on for the type (`record`); the daily NotificationDigestsJob
 * queues one SendNotificationDigestJob per user with entries waiting
 * (`pendingRecipients`), and that job mails them all in one message
 * (`sendTo`). notification_digests holds one row per user and UTC day,
 * written in the same transaction as the send: a second digest the same
 * day is refused by the database, across retries and restarts.
 */
export default class NotificationDigest {
  /** Entries waiting for the recipients' next digest: one upsert (an entry of the same group is replaced). */
  async record(entries: DigestEntry[]): Promise<void> {
    if (!entries.length) return
    // One row per user and group (the last wins): Postgres refuses to update a row twice in one statement.
    const rows = new Map<string, { user_id: number; type: string; title: string; message: string; group_key: string; created_at: Date }>()
    for (const entry of entries) {
      const groupKey = groupKeyOf(entry)
      rows.set(`${entry.userId} ${groupKey}`, {
        user_id: entry.userId,
        type: entry.type,
        title: entry.title,
        message: entry.message,
        group_key: groupKey,
        created_at: new Date(),
      })
    }
    await db
      .insertQuery()
      .table('notification_email_items')
      .insert([...rows.values()])
      .onConflict(['user_id', 'group_key'])
      .merge(['type', 'title', 'message', 'created_at'])
  }

  /**
   * Users a digest can go to now, in batches of user ids: entries waiting,
   * an active account with a verified address, and no digest yet today.
   */
  async forEachPendingRecipient(handle: (userIds: number[]) => Promise<unknown>): Promise<number> {
    const day = digestDay()
    let after = 0
    let total = 0
    for (;;) {
      const rows: { id: number }[] = await db
        .from('users')
        .whereExists((sub) => sub.from('notification_email_items').whereColumn('notification_email_items.user_id', 'users.id'))
        .whereNotExists((sub) =>
          sub.from('notification_digests').whereColumn('notification_digests.user_id', 'users.id').where('notification_digests.day', day)
        )
        .where('users.is_placeholder', false)
        .whereNull('users.suspended_at')
        .whereNotNull('users.email')
        .whereNotNull('users.email_verified_at')
        .where('users.id', '>', after)
        .orderBy('users.id')
        .limit(RECIPIENT_BATCH)
        .select('users.id')
      if (!rows.length) return total
      const ids = rows.map((row) => row.id)
      await handle(ids)
      total += ids.length
      after = ids[ids.length - 1]
      if (rows.length < RECIPIENT_BATCH) return total
    }
  }

  /** Drops entries nobody could be mailed for DIGEST_ITEM_MAX_AGE_DAYS. */
  async purgeStale(): Promise<number> {
    const before = DateTime.utc().minus({ days: DIGEST_ITEM_MAX_AGE_DAYS }).toJSDate()
    const deleted = await db.from('notification_email_items').where('created_at', '<', before).delete()
    return Array.isArray(deleted) ? Number(deleted[0] ?? 0) : Number(deleted ?? 0)
  }

  /**
   * Mails `userId` everything waiting, as one digest, unless they already
   * had one today (UTC). The entries are removed and the day recorded in
   * the transaction that sends: a failed send leaves both as they were for
   * the job's retry.
   */
  async sendTo(userId: number): Promise<DigestResult> {
    const day = digestDay()
    return db.transaction(async (trx) => {
      // Two runs for one user (a retry racing a late duplicate) queue up here.
      await trx.rawQuery('SELECT pg_advisory_xact_lock(hashtext(?))', [`notification-digest:${userId}`])
      const already = await trx.from('notification_digests').where({ user_id: userId, day }).select('id').first()
      if (already) return { sent: false as const, reason: 'already_sent_today' as const }

      const user = await trx
        .from('users')
        .where('id', userId)
        .where('is_placeholder', false)
        .whereNull('suspended_at')
        .whereNotNull('email_verified_at')
        .select('email', 'username', 'display_name')
        .first()
      if (!user?.email) return { sent: false as const, reason: 'no_address' as const }

      const entries: { id: number; type: string; title: string; message: string; created_at: Date }[] = await trx
        .from('notification_email_items')
        .where('user_id', userId)
        .orderBy('created_at')
        .orderBy('id')
        .forUpdate()
        .select('id', 'type', 'title', 'message', 'created_at')
      if (!entries.length) return { sent: false as const, reason: 'nothing_pending' as const }

      await trx.from('notification_email_items').whereIn('id', entries.map((entry) => entry.id)).delete()
      await trx.table('notification_digests').insert({ user_id: userId, day, item_count: entries.length })

      const name: string = user.display_name || user.username
      const listed = entries.slice(0, DIGEST_LISTED).map((entry) => ({ title: entry.title, message: entry.message }))
      const more = entries.length - listed.length
      const view = { name, entries: listed, more, count: entries.length }
      await mail.send((message) => {
        message
          .to(user.email, name)
          .subject(entries.length === 1 ? 'Your Marquee notification' : `Your ${entries.length} Marquee notifications`)
          .htmlView('emails/notification_digest_html', view)
          .textView('emails/notification_digest_text', view)
      })
      return { sent: true as const, day, items: entries.length }
    })
  }
}
