import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import env from '#start/env'
import queue from '#jobs/queue/queue'
import type { QueueName } from '#config/queue'

/**
 * Checks that tell whether the service is doing its work, not just whether
 * its dependencies answer: a queue failing too often, a recommender model
 * gone stale, jobs waiting with no worker taking them. Each returns the
 * reasons it finds (empty when fine); `/health` and the admin dashboard
 * turn any reason into "degraded".
 */

export interface HealthReason {
  check: 'queue_failures' | 'model_age' | 'stalled_workers'
  queue?: QueueName
  message: string
}

const HOUR_MS = 3_600_000

/** Thresholds (env overrides for operators; defaults are what the README documents). */
export function healthThresholds() {
  return {
    /** Failed / (failed + completed) in the last hour above this degrades… */
    failureRate: env.get('HEALTH_QUEUE_FAILURE_RATE', 0.2),
    /** …once at least this many jobs failed (one failure out of two jobs is no trend). */
    minFailures: env.get('HEALTH_QUEUE_MIN_FAILURES', 5),
    modelMaxAgeHours: env.get('HEALTH_MODEL_MAX_AGE_HOURS', 48),
    stallMinutes: env.get('HEALTH_STALL_MINUTES', 5),
  }
}

/**
 * Failure rate per queue over the last hour. BullMQ keeps finished jobs in
 * sorted sets scored by their finish time, so two ZCOUNTs per queue give it
 * (bounded by the retention of finished jobs: at most the last 1,000
 * completed, which only overstates a rate when more than 1,000 jobs completed).
 */
export async function queueFailureReasons(now = Date.now()): Promise<HealthReason[]> {
  const { failureRate, minFailures } = healthThresholds()
  const reasons: HealthReason[] = []
  for (const name of queue.names) {
    const q = queue.queue(name)
    const since = now - HOUR_MS
    // The queues live in the main Redis (config/queue.ts shares its connection).
    const [failed, completed] = await Promise.all([
      redis.zcount(q.keys.failed, since, '+inf'),
      redis.zcount(q.keys.completed, since, '+inf'),
    ])
    const total = failed + completed
    if (failed >= minFailures && failed / total > failureRate) {
      reasons.push({
        check: 'queue_failures',
        queue: name,
        message: `queue ${name}: ${failed} of ${total} jobs failed in the last hour (${Math.round((100 * failed) / total)}% > ${Math.round(failureRate * 100)}%)`,
      })
    }
  }
  return reasons
}

/**
 * A queue whose oldest waiting job has waited longer than the stall window
 * while no job is running and none finished in that window: no worker is
 * taking work (none running, or all stuck).
 */
export async function stalledWorkerReasons(now = Date.now()): Promise<HealthReason[]> {
  const { stallMinutes } = healthThresholds()
  const windowStart = now - stallMinutes * 60_000
  const reasons: HealthReason[] = []
  for (const name of queue.names) {
    const q = queue.queue(name)
    // A paused queue's jobs count as waiting too (BullMQ 6 keeps them in the wait list).
    const counts = await q.getJobCounts('waiting', 'active')
    const waiting = counts.waiting ?? 0
    if (!waiting || counts.active) continue
    const [oldest] = await q.getJobs(['waiting'], 0, 0, true)
    if (!oldest || oldest.timestamp > windowStart) continue
    const [lastCompleted, lastFailed] = await Promise.all([
      redis.zrevrange(q.keys.completed, 0, 0, 'WITHSCORES'),
      redis.zrevrange(q.keys.failed, 0, 0, 'WITHSCORES'),
    ])
    const lastFinished = Math.max(Number(lastCompleted[1] ?? 0), Number(lastFailed[1] ?? 0))
    if (lastFinished > windowStart) continue
    const waitedMinutes = Math.floor((now - oldest.timestamp) / 60_000)
    reasons.push({
      check: 'stalled_workers',
      queue: name,
      message: `queue ${name}: ${waiting} job(s) waiting (oldest for ${waitedMinutes} min) and no worker has taken a job for ${stallMinutes}+ min`,
    })
  }
  return reasons
}

/** The newest ready recommender model is older than the allowed age. */
export async function modelAgeReasons(now = Date.now()): Promise<HealthReason[]> {
  const { modelMaxAgeHours } = healthThresholds()
  const latest = await db
    .from('recommender_models')
    .where('status', 'ready')
    .orderBy('id', 'desc')
    .select('version', 'created_at')
    .first()
  if (!latest) return []
  const ageHours = (now - new Date(latest.created_at).getTime()) / HOUR_MS
  if (ageHours <= modelMaxAgeHours) return []
  return [
    {
      check: 'model_age',
      message: `recommender model ${latest.version} is ${Math.floor(ageHours)} h old (more than ${modelMaxAgeHours} h: retraining is not running)`,
    },
  ]
}

/** Every operational reason to call the service degraded; a check that errors is skipped (the dependency checks report outages). */
export async function operationalReasons(): Promise<HealthReason[]> {
  const results = await Promise.allSettled([queueFailureReasons(), stalledWorkerReasons(), modelAgeReasons()])
  return results.flatMap((result) => {
    if (result.status === 'fulfilled') return result.value
    logger.warn({ err: result.reason }, 'health: an operational check failed')
    return []
  })
}
