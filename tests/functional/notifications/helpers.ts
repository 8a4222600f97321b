import { setTimeout as sleep } from 'node:timers/promises'
import type { ApiClient } from '@japa/api-client'
import type { Job } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import type { QueueName } from '#config/queue'
import queue from '#jobs/queue/queue'
import { pendingJobCounts } from '#tests/support/queue_counts'

export { assertError, assertValidation, countRows, USER_SUMMARY_KEYS } from '../engagement/helpers.js'
export { makeBlock, makeFriends } from '../social/helpers.js'

/**
 * Waits until `names` have nothing waiting, delayed or running, checked in
 * order in one pass: a metadata job queues its notification job before it
 * completes, so a pass that finds metadata idle already sees that job.
 */
export async function waitForQueues(names: QueueName[] = ['metadata', 'notifications'], timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    let busy: Record<string, number> | null = null
    for (const name of names) {
      const counts = await pendingJobCounts(name)
      if (Object.values(counts).some((count) => count > 0)) {
        busy = { ...counts }
        break
      }
    }
    if (!busy) return
    if (Date.now() > deadline) throw new Error(`queues still busy: ${JSON.stringify(busy)}`)
    await sleep(50)
  }
}

/**
 * Resolves with a job's return value once it completed (rejects when it
 * failed), polling its state: no dependency on a QueueEvents stream.
 */
export async function jobResult<T>(job: Job, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const current = await queue.queue(job.queueName as QueueName).getJob(job.id!)
    const state = await current?.getState()
    if (state === 'completed') return current!.returnvalue as T
    if (state === 'failed') throw new Error(`job ${job.id} failed: ${current!.failedReason}`)
    if (Date.now() > deadline) throw new Error(`job ${job.id} still ${state ?? 'missing'} after ${timeoutMs} ms`)
    await sleep(50)
  }
}

/** The notifications table's rows of `type` (all users), oldest first. */
export async function notificationRows(type?: string) {
  const query = db.from('notifications').orderBy('id')
  if (type) query.where('type', type)
  return query
}

/** GET /me/notifications as `user`, asserted 200. */
export async function listNotifications(client: ApiClient, user: User, qs: Record<string, unknown> = {}) {
  const response = await client.get('/api/v1/me/notifications').qs(qs).loginAs(user)
  response.assertStatus(200)
  return response.body() as {
    data: { id: number; type: string; title: string; message: string; read: boolean; read_at: string | null; movie_id: number | null; image: string | null; data: Record<string, any> }[]
    meta: { total: number; unread_count: number }
  }
}

/** Sets favourite genres through PATCH /me, as the profile page does. */
export async function setFavoriteGenres(client: ApiClient, user: User, genreIds: number[]) {
  const response = await client.patch('/api/v1/me').json({ genre_ids: genreIds }).loginAs(user)
  response.assertStatus(200)
}
