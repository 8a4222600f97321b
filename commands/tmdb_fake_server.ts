import { resolve } from 'node:path'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class TmdbFakeServer extends BaseCommand {
  static commandName = 'tmdb:fake-server'
  static description = 'Serve a fake TMDB v3 API from the TMDB 5000 dump, for local development'
  static help = [
    'Serves TMDB-shaped JSON (made-up credits, images and watch providers) built from tmdb_5000_movies.csv:',
    '  {{ binaryName }} tmdb:fake-server --port 3999 --data ../shared/data/tmdb',
    'Then point the app at it in .env: TMDB_BASE_URL=http://127.0.0.1:3999/3',
    'Clients must send `Authorization: Bearer <TMDB_ACCESS_TOKEN>` (or the --token given here).',
  ]
  static options: CommandOptions = { startApp: false, staysAlive: true }

  @flags.number({ description: 'Port to listen on', default: 3999 })
  declare port: number

  @flags.string({ description: 'Host to bind', default: '127.0.0.1' })
  declare host: string

  @flags.string({ description: 'Directory containing tmdb_5000_movies.csv', default: '../shared/data/tmdb' })
  declare data: string

  @flags.string({ description: 'Bearer token to accept (default: TMDB_ACCESS_TOKEN, else the development token)' })
  declare token?: string

  async run() {
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const { default: env } = await import('#start/env')
    const { DEVELOPMENT_TMDB_TOKEN } = await import('#services/tmdb/local_tmdb')
    // The app uses the same development token against a local TMDB when none is set.
    const token = this.token ?? env.get('TMDB_ACCESS_TOKEN')?.release() ?? DEVELOPMENT_TMDB_TOKEN
    const dataDir = resolve(process.cwd(), this.data)
    let FakeTmdbServer: typeof import('#tests/support/fake_tmdb/fake_tmdb_server').default
    try {
      FakeTmdbServer = (await import('#tests/support/fake_tmdb/fake_tmdb_server')).default
    } catch (error) {
      this.exitCode = 1
      this.logger.error(`The fake TMDB server ships with the tests (tests/support/fake_tmdb): ${(error as Error).message}`)
      return this.terminate()
    }

    let server: Awaited<ReturnType<typeof FakeTmdbServer.start>>
    try {
      server = await FakeTmdbServer.start({ port: this.port, host: this.host, dataDir, token })
    } catch (error) {
      this.exitCode = 1
      const code = (error as NodeJS.ErrnoException).code
      this.logger.error(
        code === 'ENOENT'
          ? `No tmdb_5000_movies.csv in ${dataDir}: pass --data <dir>.`
          : code === 'EADDRINUSE'
            ? `Port ${this.port} is in use: pass --port <free port> (and update TMDB_BASE_URL).`
            : `Cannot start the fake TMDB server: ${(error as Error).message}`
      )
      return this.terminate()
    }

    this.logger.success(`Fake TMDB serving ${server.catalogue.movies.size} movies at ${server.baseUrl}`)
    this.logger.info(`Set TMDB_BASE_URL=${server.baseUrl} in .env. Ctrl+C stops it.`)
    this.app.terminating(async () => {
      await server.close()
    })
  }
}
