import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import { redisConnection } from '#config/redis'

/**
 * Errors that mean "PostgreSQL or Redis cannot be reached right now" rather
 * than "this request hit a bug". The exception handler answers them with
 * 503 E_UNAVAILABLE and Retry-After (API.md: never 500 while a dependency is
 * down) and logs one warning per outage instead of a stack per request.
 */
export type Dependency = 'database' | 'redis'

/** Seconds a client should wait before retrying (the app reconnects within a second). */
export const RETRY_AFTER_SECONDS = 2

/** Socket-level failures, whichever client saw them. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
])

/**
 * PostgreSQL SQLSTATEs of a server that is going away or not accepting
 * connections yet: admin/crash shutdown, starting up, too many connections,
 * and class 08 (connection exception).
 */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300'])

const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Timeout acquiring a connection',
]

/** ioredis errors when the server is gone and the command was not sent (or got no answer in time). */
const REDIS_MESSAGES = [
  'Reached the max retries per request limit',
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Connection is closed.',
  'Command timed out',
  'Redis unavailable',
]

function databasePort(): number {
  const url = env.get('DATABASE_URL')
  return Number((url ? new URL(url).port : env.get('DB_PORT')) || 5432)
}

interface ErrorLike {
  name?: string
  code?: unknown
  message?: unknown
  errors?: unknown
  cause?: unknown
  syscall?: unknown
}

/** Which dependency the error says is down, or undefined for any other error. */
export function unavailableDependency(error: unknown, depth = 0): Dependency | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined
  const err = error as ErrorLike & { port?: unknown }
  const code = typeof err.code === 'string' ? err.code : undefined
  const message = typeof err.message === 'string' ? err.message : ''

  if (err.name === 'KnexTimeoutError') return 'database'
  if (code && (PG_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return 'database'
  if (PG_MESSAGES.some((text) => message.includes(text))) return 'database'
  if (err.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((text) => message.includes(text))) {
    return 'redis'
  }
  if (code && NETWORK_CODES.has(code)) {
    // pg and ioredis both surface raw socket errors; the port tells them apart
    // (another peer, such as TMDB, is not ours to call "unavailable").
    if (typeof err.port !== 'number') return 'database'
    if (err.port === redisConnection.port) return 'redis'
    if (err.port === databasePort()) return 'database'
    return undefined
  }
  // Node reports a refused localhost (IPv4 + IPv6) as an AggregateError.
  if (Array.isArray(err.errors)) {
    for (const inner of err.errors) {
      const found = unavailableDependency(inner, depth + 1)
      if (found) return found
    }
  }
  return unavailableDependency(err.cause, depth + 1)
}

/** A new outage starts when the previous one has been quiet this long. */
const QUIET_MS = 10_000

const outages = new Map<Dependency, { since: number; lastAt: number; suppressed: number }>()

/**
 * One warning when a dependency starts failing; the requests that fail while
 * it stays down are only counted, and the count goes into the next warning.
 */
export function noteOutage(dependency: Dependency, error: unknown, now = Date.now()) {
  const current = outages.get(dependency)
  if (current && now - current.lastAt < QUIET_MS) {
    current.lastAt = now
    current.suppressed++
    return false
  }
  outages.set(dependency, { since: now, lastAt: now, suppressed: 0 })
  logger.warn(
    {
      dependency,
      err: (error as Error)?.message,
      code: (error as ErrorLike)?.code,
      previousOutageRequests: current?.suppressed,
    },
    `${dependency} unavailable: answering 503 E_UNAVAILABLE until it is back`
  )
  return true
}

/**
 * Knex's own log (Lucid passes it warnings such as "Acquire connection
 * error: …" with a stack, once per request while PostgreSQL is down): those
 * join the outage's single warning, anything else is logged as before.
 */
export function knexLog(level: 'warn' | 'error' | 'info' | 'debug', message: unknown) {
  const text = String((message as Error)?.message ?? message)
  if (/^(Acquire connection error|Connection Error)/.test(text) || unavailableDependency(message)) {
    noteOutage('database', { message: text.split('\n')[0] })
    return
  }
  logger[level](text)
}
