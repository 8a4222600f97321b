import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import queue from '#jobs/queue/queue'
import { SCHEDULES, missingSchedules } from '#jobs/queue/schedules'
import { operationalReasons } from '#services/health/operational_checks'
import modelStore from '#services/recommender/model_store'
import HealthTransformer, { type CheckResult } from '#transformers/health_transformer'

export type { CheckResult }

/** Redis answers in a millisecond; fail-fast connections give up within 500 ms anyway. */
const REDIS_PROBE_MS = 1000

async function timed(check: () => Promise<Record<string, unknown> | void>, timeoutMs = 2000): Promise<CheckResult> {
  const started = performance.now()
  try {
    const extra = await withTimeout(check(), timeoutMs)
    return { status: 'up', latency_ms: Math.round(performance.now() - started), ...(extra ?? {}) }
  } catch (error) {
    const { missing } = error as { missing?: string[] }
    return { status: 'down', message: (error as Error).message, ...(missing ? { missing } : {}) }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ])
}

/**
 * The repeatable jobs (nightly purges, TMDB refreshes, retraining, digest):
 * down when Redis lost any of them (workers restore them within a minute).
 */
function checkSchedules() {
  return timed(async () => {
    const missing = await missingSchedules()
    if (missing.length) {
      const ids = missing.map((schedule) => schedule.id)
      throw Object.assign(new Error(`${missing.length} of ${SCHEDULES.length} repeatable job schedules are missing: ${ids.join(', ')}`), { missing: ids })
    }
    return { registered: SCHEDULES.length }
  }, REDIS_PROBE_MS)
}

/**
 * Health of the process's dependencies. The database is essential (503
 * without it); Redis and the queues degrade the service.
 */
export async function checkHealth() {
  const [database, redisCheck, queues, schedules] = await Promise.all([
    timed(async () => {
      await db.rawQuery('SELECT 1')
    }),
    timed(async () => {
      await redis.ping()
    }, REDIS_PROBE_MS),
    timed(async () => {
      const counts: Record<string, Record<string, number>> = {}
      for (const name of queue.names) {
        counts[name] = await queue.queue(name).getJobCounts('waiting', 'active', 'failed', 'delayed')
      }
      return { queues: counts }
    }, REDIS_PROBE_MS),
    checkSchedules(),
  ])
  const dependencies = { database, redis: redisCheck, queues, schedules }
  const down = Object.entries(dependencies).filter(([, check]) => check.status === 'down')
  // Up is not the same as working: failing queues, a stale model, stalled workers.
  const working = down.length ? [] : await withTimeout(operationalReasons(), 2000).catch(() => [])
  const reasons = [
    ...down.map(([name, check]) => `${name} is down: ${check.message ?? 'no answer'}`),
    ...working.map((reason) => reason.message),
  ]
  return {
    httpStatus: database.status === 'up' ? 200 : 503,
    body: HealthTransformer.report({ ...dependencies, recommender: HealthTransformer.servingModel(modelStore.active) }, reasons),
  }
}
