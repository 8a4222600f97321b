/*
|--------------------------------------------------------------------------
| Environment variables
|--------------------------------------------------------------------------
|
| Validated at boot: a missing or malformed variable stops the process with
| an error naming it. Every variable is documented in `.env.example`.
|
*/

import { Env } from '@adonisjs/core/env'
import { invalidTrustedProxy, parseTrustedProxies } from '#services/http/trusted_proxies'

/** `postgres://…` / `redis://…` connection strings (the URL format rule wants http). */
function connectionUrl(protocols: string[]) {
  return (name: string, value?: string) => {
    if (!value) return undefined
    let parsed: URL
    try {
      parsed = new URL(value)
    } catch {
      throw new Error(`Value for environment variable "${name}" must be a connection URL, instead received "${value}"`)
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new Error(
        `Value for environment variable "${name}" must use ${protocols.join(' or ')}, instead received "${parsed.protocol}"`
      )
    }
    return value
  }
}

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: Env.schema.secret(),
  APP_URL: Env.schema.string({ format: 'url', tld: false }),
  APP_NAME: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),

  /* PostgreSQL: DATABASE_URL wins; DB_* otherwise; neither → embedded (dev/test) */
  DATABASE_URL: connectionUrl(['postgres:', 'postgresql:']),
  DB_HOST: Env.schema.string.optional({ format: 'host' }),
  DB_PORT: Env.schema.number.optional(),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.secret.optional(),
  DB_DATABASE: Env.schema.string.optional(),
  DB_POOL_MAX: Env.schema.number.optional(),
  EMBEDDED_PG_PORT: Env.schema.number.optional(),

  /* Redis */
  REDIS_URL: connectionUrl(['redis:', 'rediss:']),
  REDIS_HOST: Env.schema.string.optional({ format: 'host' }),
  REDIS_PORT: Env.schema.number.optional(),
  REDIS_PASSWORD: Env.schema.secret.optional(),
  REDIS_DB: Env.schema.number.optional(),
  REDIS_COMMAND_TIMEOUT_MS: Env.schema.number.optional(),

  /* Queues */
  QUEUE_PREFIX: Env.schema.string.optional(),
  SCHEDULES_CHECK_INTERVAL_MS: Env.schema.number.optional(),

  /* /health: when a working service is reported degraded (app/services/health/operational_checks.ts) */
  HEALTH_QUEUE_FAILURE_RATE: Env.schema.number.optional(),
  HEALTH_QUEUE_MIN_FAILURES: Env.schema.number.optional(),
  HEALTH_MODEL_MAX_AGE_HOURS: Env.schema.number.optional(),
  HEALTH_STALL_MINUTES: Env.schema.number.optional(),

  /* Transmit (SSE): its pub/sub transport, when not the main Redis */
  TRANSMIT_REDIS_URL: connectionUrl(['redis:']),

  /* TMDB */
  TMDB_BASE_URL: Env.schema.string({ format: 'url', tld: false }),
  TMDB_ACCESS_TOKEN: Env.schema.secret.optional(),
  TMDB_IMAGE_BASE_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  TMDB_REQUESTS_PER_SECOND: Env.schema.number.optional(),
  TMDB_TIMEOUT_MS: Env.schema.number.optional(),
  TMDB_MAX_RETRIES: Env.schema.number.optional(),
  TMDB_RETRY_BASE_MS: Env.schema.number.optional(),

  /* Mail */
  SMTP_HOST: Env.schema.string.optional({ format: 'host' }),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.secret.optional(),
  SMTP_SECURE: Env.schema.boolean.optional(),
  MAIL_FROM_ADDRESS: Env.schema.string.optional({ format: 'email' }),

  /* HTTP */
  CORS_ORIGINS: Env.schema.string.optional(),
  /* Reverse proxies whose X-Forwarded-For is believed: IPs / CIDRs, comma-separated; none by default */
  TRUSTED_PROXIES: (name: string, value?: string) => {
    const invalid = invalidTrustedProxy(parseTrustedProxies(value))
    if (invalid !== undefined) {
      throw new Error(`Value for environment variable "${name}" must list IPs or CIDRs, instead received "${invalid}"`)
    }
    return value
  },
  CACHE_TTL: Env.schema.string.optional(),

  /* Rate limits (requests per minute); RATE_LIMIT_ENABLED=false only for load benchmarks */
  RATE_LIMIT_ENABLED: Env.schema.boolean.optional(),
  RATE_LIMIT_AUTH: Env.schema.number.optional(),
  RATE_LIMIT_ADMIN_LOGIN: Env.schema.number.optional(),
  RATE_LIMIT_REFRESH: Env.schema.number.optional(),
  RATE_LIMIT_SEARCH: Env.schema.number.optional(),
  RATE_LIMIT_DEFAULT: Env.schema.number.optional(),
  LIMITER_STORE: Env.schema.enum(['redis', 'memory'] as const),

  /* Sign-in lockout: N failures against one account from one IP block that pair; M from one IP block the IP */
  AUTH_ACCOUNT_BLOCK_FAILURES: Env.schema.number.optional(),
  AUTH_IP_BLOCK_FAILURES: Env.schema.number.optional(),
  AUTH_IP_BLOCK_WINDOW_MINUTES: Env.schema.number.optional(),
  AUTH_IP_BLOCK_MINUTES: Env.schema.number.optional(),
  AUTH_REFRESH_GRACE_SECONDS: Env.schema.number.optional(),

  /* Session (admin panel) */
  SESSION_DRIVER: Env.schema.enum(['cookie', 'redis', 'memory'] as const),

  MAIL_FROM_NAME: Env.schema.string.optional(),

  /* Uploads (@adonisjs/drive) */
  DRIVE_DISK: Env.schema.enum(['fs'] as const),
})
