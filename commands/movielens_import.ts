import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type {
  MovieLensFile,
  MovieLensImportProgress,
  MovieLensImportSummary,
} from '#services/catalogue/movielens/movielens_importer'

export default class MovielensImport extends BaseCommand {
  static commandName = 'movielens:import'
  static description =
    'Import a MovieLens CSV dump (movies, links, ratings, tags) into the catalogue; safe to run again'
  static help = [
    'Loads a directory such as ml-latest-small or ml-25m (unzipped from grouplens.org):',
    '  {{ binaryName }} movielens:import /data/ml-latest-small',
    'Movies are matched by movieId, every MovieLens user becomes a placeholder account',
    '(ml_<userId>, no password), ratings and tags are upserted. Re-running updates changed rows.',
    'For an initial load of ml-20m/ml-25m with a superuser role, add --bulk to skip per-row',
    'foreign-key/trigger work (about twice as fast; references are still checked by the joins).',
  ]
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Directory containing movies.csv, links.csv, ratings.csv and tags.csv' })
  declare directory: string

  @flags.boolean({
    description:
      'Skip per-row FK checks and triggers (superuser only; falls back with a warning otherwise)',
  })
  declare bulk?: boolean

  /** Kept for callers (tests, scripts) that run the command programmatically. */
  summary?: MovieLensImportSummary

  async run() {
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const { importMovieLens, MovieLensImportError } = await import(
      '#services/catalogue/movielens/movielens_importer'
    )
    const progress = await this.#progressBars()
    try {
      this.summary = await importMovieLens(this.directory, {
        progress: progress.reporter,
        bulk: this.bulk === true,
      })
      progress.stop()
      if (this.summary.bulk.requested && !this.summary.bulk.used) {
        this.logger.warning(
          `--bulk was not used (${this.summary.bulk.reason}); the import ran with per-row checks.`
        )
      }
      this.#printSummary(this.summary)
      await this.#queueTraining(this.summary)
      return this.summary
    } catch (error) {
      progress.stop()
      this.exitCode = 1
      if (error instanceof MovieLensImportError) {
        this.logger.error(error.message)
        return
      }
      this.logger.error(
        `Import failed and was rolled back, nothing was written: ${(error as Error).message}. ` +
          'Fix the cause and run the command again (re-running is safe).'
      )
      this.error = error
    }
  }

  /** The first model, or a retrain after a large import: queued on the ml queue, not waited for. */
  async #queueTraining(summary: MovieLensImportSummary) {
    const { queueRetrainAfterImport } = await import('#services/recommender/training_schedule')
    const decision = await queueRetrainAfterImport(summary.ratings.inserted + summary.ratings.updated)
    if (decision.queued) {
      this.logger.info(
        `Recommender training queued (${decision.reason}; job ${decision.jobId} on the ml queue, run by \`node ace queue:work\`).`
      )
    }
    return decision
  }

  /** One cli-progress bar per file (by bytes), then one line per SQL step. */
  async #progressBars() {
    const { default: cliProgress } = await import('cli-progress')
    let bar: InstanceType<typeof cliProgress.SingleBar> | null = null
    let stepStarted = 0
    let stepName = ''
    const interactive = Boolean(process.stderr.isTTY) && !this.app.inTest

    const endStep = () => {
      if (stepName) {
        this.logger.info(`${stepName} (${((performance.now() - stepStarted) / 1000).toFixed(2)} s)`)
        stepName = ''
      }
    }

    const reporter: MovieLensImportProgress = {
      fileStarted: (file: MovieLensFile, _path: string, totalBytes: number) => {
        if (!interactive) return
        bar = new cliProgress.SingleBar(
          {
            format: `${file.padEnd(8)} [{bar}] {percentage}% | {rows} rows | {eta_formatted} left`,
            hideCursor: true,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic
        )
        bar.start(Math.max(totalBytes, 1), 0, { rows: 0 })
      },
      fileProgress: (_file, bytesRead, rows) => bar?.update(bytesRead, { rows }),
      fileFinished: (file, rows, staged) => {
        if (bar) {
          bar.update(bar.getTotal(), { rows })
          bar.stop()
          bar = null
        }
        this.logger.info(`${file}: ${rows} rows read, ${staged} staged`)
      },
      step: (description) => {
        endStep()
        stepName = description
        stepStarted = performance.now()
      },
    }
    return {
      reporter,
      stop: () => {
        ;(bar as InstanceType<typeof cliProgress.SingleBar> | null)?.stop()
        endStep()
      },
    }
  }

  #printSummary(summary: MovieLensImportSummary) {
    const number = (value: number) => value.toLocaleString('en-US')
    const table = this.ui.table()
    table.head(['What', 'Count'])
    table.row(['Movies read', number(summary.movies.rows)])
    table.row(['Movies inserted', number(summary.movies.inserted)])
    table.row(['Movies updated', number(summary.movies.updated)])
    table.row(['Movies unchanged', number(summary.movies.unchanged)])
    table.row(['Movies linked to existing TMDB entries', number(summary.movies.linked)])
    table.row(['Movies without a tmdbId', number(summary.movies.withoutTmdbId)])
    table.row(['Genre links added / removed', `${number(summary.movies.genresAdded)} / ${number(summary.movies.genresRemoved)}`])
    table.row(['Users referenced', number(summary.users.referenced)])
    table.row(['Placeholder users created', number(summary.users.inserted)])
    table.row(['Ratings read', number(summary.ratings.rows)])
    table.row(['Ratings inserted', number(summary.ratings.inserted)])
    table.row(['Ratings updated', number(summary.ratings.updated)])
    table.row(['Ratings unchanged', number(summary.ratings.unchanged)])
    table.row(['Tags read', number(summary.tags.rows)])
    table.row(['Tags inserted', number(summary.tags.inserted)])
    table.row(['Tags already present', number(summary.tags.alreadyPresent)])
    table.row(['Rows skipped', number(summary.skippedTotal)])
    table.row(['Per-row FK/trigger checks', summary.bulk.used ? 'skipped (--bulk)' : 'kept'])
    table.row(['Elapsed', `${(summary.elapsedMs / 1000).toFixed(2)} s`])
    table.row(['Ratings/s', number(Math.round(summary.ratingsPerSecond))])
    table.render()

    if (summary.skipped.length) {
      const skipped = this.ui.table()
      skipped.head(['File', 'Skipped', 'Reason', 'Examples'])
      for (const entry of summary.skipped) {
        skipped.row([entry.file, number(entry.count), entry.reason, entry.examples.join(', ')])
      }
      skipped.render()
    }
    this.logger.success(
      `Imported ${summary.directory} in ${(summary.elapsedMs / 1000).toFixed(2)} s (${number(Math.round(summary.ratingsPerSecond))} ratings/s)`
    )
  }
}
