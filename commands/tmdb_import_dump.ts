import { resolve } from 'node:path'
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { DumpImportSummary } from '#services/tmdb/dump_import_service'

export default class TmdbImportDump extends BaseCommand {
  static commandName = 'tmdb:import-dump'
  static description = 'Enrich movies from the TMDB 5000 dump (tmdb_5000_movies.csv), matched by tmdb_id'
  static help = [
    'Reads <dir>/tmdb_5000_movies.csv (the Kaggle "TMDB 5000 Movie Dataset"):',
    '  {{ binaryName }} tmdb:import-dump ../shared/data/tmdb',
    'Fills metadata of movies whose tmdb_id is in the dump; an empty value in the dump never',
    'replaces one we have. --create-missing also adds the dump movies we do not have.',
    'The dump has no cast, crew or images: `node ace tmdb:sync --ids …` fetches those.',
  ]
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Directory containing tmdb_5000_movies.csv' })
  declare dir: string

  @flags.boolean({ description: 'Also create movies the catalogue does not have' })
  declare createMissing?: boolean

  async run() {
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const { importDump, DumpNotFoundError } = await import('#services/tmdb/dump_import_service')
    const directory = resolve(process.cwd(), this.dir)
    const { default: cliProgress } = await import('cli-progress')
    const interactive = Boolean(process.stderr.isTTY) && !this.app.inTest
    const bar = interactive
      ? new cliProgress.SingleBar(
          { format: 'tmdb dump [{bar}] {percentage}% | {rows} rows | {eta_formatted} left', hideCursor: true },
          cliProgress.Presets.shades_classic
        )
      : null

    let summary: DumpImportSummary
    try {
      let started = false
      summary = await importDump(directory, {
        createMissing: this.createMissing,
        onProgress: ({ bytes, totalBytes, summary: current }) => {
          if (!bar) return
          if (!started) {
            bar.start(Math.max(totalBytes, 1), 0, { rows: 0 })
            started = true
          }
          bar.update(bytes, { rows: current.rows })
        },
      })
      bar?.update(bar.getTotal())
    } catch (error) {
      this.exitCode = 1
      if (error instanceof DumpNotFoundError) {
        this.logger.error(
          `${error.message}. Pass the directory that holds tmdb_5000_movies.csv (e.g. ../shared/data/tmdb).`
        )
        return
      }
      this.logger.error(`Import stopped: ${(error as Error).message}. Movies written so far are kept; re-running is safe.`)
      return
    } finally {
      bar?.stop()
    }

    const table = this.ui.table()
    table.head(['What', 'Count'])
    table.row(['Rows read', String(summary.rows)])
    table.row(['Matched (in the catalogue)', String(summary.matched)])
    table.row(['Updated', String(summary.updated)])
    table.row(['Created', String(summary.created)])
    table.row(['Skipped (not in the catalogue)', String(summary.skipped)])
    table.row(['Failed', String(summary.failed.length)])
    table.render()
    for (const failure of summary.failed.slice(0, 20)) {
      this.logger.warning(
        `line ${failure.line}${failure.tmdbId ? ` (tmdb ${failure.tmdbId})` : ''}: ${failure.reason}`
      )
    }
    if (summary.failed.length > 20) this.logger.warning(`… and ${summary.failed.length - 20} more`)
    this.logger.success(
      `TMDB dump imported: ${summary.matched} matched, ${summary.updated} updated, ${summary.created} created, ${summary.skipped} skipped`
    )
    return summary
  }
}
