import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import queue from '#services/queue'
import { operationalReasons } from '#services/health/operational_checks'
import modelStore from '#services/recommender/model_store'
import packageJson from '../../package.json' with { type: 'json' }

export interface CheckResult {
  status: 'up' | 'down'
  latency_ms?: number
  message?: string
  [key: string]: unknown
}

async function timed(check: () => Promise<Record<string, unknown> | void>): Promise<CheckResult> {
  const started = performance.now()
  try {
    const extra = await withTimeout(check(), 2000)
    return { status: 'up', latency_ms: Math.round(performance.now() - started), ...(extra ?? {}) }
  } catch (error) {
    return { status: 'down', message: (error as Error).message }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ])
}

/**
 * Health of the process's dependencies. The database is essential (503
 * without it); Redis and the queues degrade the service.
 */
export async function checkHealth() {
  const [database, redisCheck, queues] = await Promise.all([
    timed(async () => {
      await db.rawQuery('SELECT 1')
    }),
    timed(async () => {
      await redis.ping()
    }),
    timed(async () => {
      const counts: Record<string, Record<string, number>> = {}
      for (const name of queue.names) {
        counts[name] = await queue.queue(name).getJobCounts('waiting', 'active', 'failed', 'delayed')
      }
      return { queues: counts }
    }),
  ])
  const dependencies = { database, redis: redisCheck, queues }
  const down = Object.entries(dependencies).filter(([, check]) => check.status === 'down')
  // Up is not the same as working: failing queues, a stale model, stalled workers.
  const working = down.length ? [] : await withTimeout(operationalReasons(), 2000).catch(() => [])
  const reasons = [
    ...down.map(([name, check]) => `${name} is down: ${check.message ?? 'no answer'}`),
    ...working.map((reason) => reason.message),
  ]
  return {
    httpStatus: database.status === 'up' ? 200 : 503,
    body: {
      status: reasons.length ? ('degraded' as const) : ('healthy' as const),
      timestamp: new Date().toISOString(),
      version: packageJson.version,
      checks: { ...dependencies, recommender: servingModel() },
      reasons,
    },
  }
}

/** The recommender model this process serves from (informative: never degrades the status). */
function servingModel(): CheckResult {
  const active = modelStore.active
  return {
    status: 'up',
    serving_version: active?.version ?? null,
    loaded_at: active?.loadedAt.toISOString() ?? null,
  }
}
