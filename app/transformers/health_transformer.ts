import packageJson from '../../package.json' with { type: 'json' }

/** One dependency's check (`checks.database`, `checks.redis`…). */
export interface CheckResult {
  status: 'up' | 'down'
  latency_ms?: number
  message?: string
  [key: string]: unknown
}

/** The body of GET /health (200 and 503 alike). */
export interface HealthReport {
  status: 'healthy' | 'degraded'
  timestamp: string
  version: string
  checks: Record<string, CheckResult>
  reasons: string[]
}

export default class HealthTransformer {
  /** Degraded as soon as there is a reason (a dependency down, failing queues, a stale model…). */
  static report(checks: Record<string, CheckResult>, reasons: string[], now = new Date()): HealthReport {
    return {
      status: reasons.length ? 'degraded' : 'healthy',
      timestamp: now.toISOString(),
      version: packageJson.version,
      checks,
      reasons,
    }
  }

  /** The recommender model this process serves from (null before the first training). */
  static servingModel(active: { version: string; loadedAt: Date } | null): CheckResult {
    return {
      status: 'up',
      serving_version: active?.version ?? null,
      loaded_at: active?.loadedAt.toISOString() ?? null,
    }
  }
}
