import env from '#start/env'
import { defineConfig } from '@adonisjs/lucid'

/**
 * DATABASE_URL wins over the DB_* variables. In development and test, when
 * neither is set, `start/infrastructure.ts` boots an embedded PostgreSQL and
 * sets DATABASE_URL before this file is read.
 */
const databaseUrl = env.get('DATABASE_URL')

/** Lazily imported: the logger service exists only once the app has booted. */
const knexLogger = Object.fromEntries(
  (['warn', 'error', 'deprecate', 'debug'] as const).map((level) => [
    level,
    (message: unknown) =>
      void import('#exceptions/dependency_outage').then(({ knexLog }) =>
        knexLog(level === 'deprecate' ? 'info' : level, message)
      ),
  ])
)

const dbConfig = defineConfig({
  connection: 'postgres',
  prettyPrintDebugQueries: false,
  connections: {
    postgres: {
      client: 'pg',
      connection: databaseUrl
        ? { connectionString: databaseUrl }
        : {
            host: env.get('DB_HOST'),
            port: env.get('DB_PORT', 5432),
            user: env.get('DB_USER', 'postgres'),
            password: env.get('DB_PASSWORD')?.release(),
            database: env.get('DB_DATABASE', env.get('NODE_ENV') === 'test' ? 'marquee_test' : 'marquee'),
          },
      pool: { min: 0, max: env.get('DB_POOL_MAX', 10) },
      // Knex options Lucid passes through untyped: a request waits at most 10 s for a
      // pool connection (then 503), and knex's warnings go through the outage log
      // (one warning per outage, not one per request).
      ...({ acquireConnectionTimeout: 10_000, log: knexLogger } as {}),
      migrations: {
        naturalSort: true,
        paths: ['database/migrations'],
      },
      // Models declare their columns by hand (see app/models), so no generated schema file.
      schemaGeneration: { enabled: false },
    },
  },
})

export default dbConfig
