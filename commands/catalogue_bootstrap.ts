import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type {
  BootstrapReporter,
  BootstrapStep,
  BootstrapSummary,
} from '#services/catalogue/bootstrap/bootstrap_service'

export default class CatalogueBootstrap extends BaseCommand {
  static commandName = 'catalogue:bootstrap'
  static description =
    'From nothing to a complete catalogue: MovieLens, TMDB dump, TMDB details, series, collections, people, first model (idempotent, resumable)'
  static help = [
    'Each step is skipped when an earlier run did it; an interrupted run continues where it stopped:',
    '  {{ binaryName }} catalogue:bootstrap --movielens ../shared/data/ml-latest-small --tmdb-dump ../shared/data/tmdb',
    '  {{ binaryName }} catalogue:bootstrap --movielens https://files.grouplens.org/datasets/movielens/ml-latest-small.zip',
    'A URL is downloaded (progress bar) into tmp/downloads and verified against --checksum, else the .md5',
    'published beside it. Without --tmdb-dump, TMDB itself (TMDB_BASE_URL) fills every movie.',
  ]
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'MovieLens directory, or URL of its zip' })
  declare movielens?: string

  @flags.string({ description: 'Checksum of the zip: sha256:<hex> or md5:<hex> (default: <url>.md5)' })
  declare checksum?: string

  @flags.string({ description: 'Directory holding tmdb_5000_movies.csv' })
  declare tmdbDump?: string

  @flags.number({ description: 'Pages of 20 shows from each TMDB TV list (popular, trending, on the air)', default: 1 })
  declare seriesPages: number

  @flags.number({ description: 'Parallel TMDB fetches (default 8 against a local TMDB, 4 otherwise)' })
  declare concurrency?: number

  @flags.boolean({ description: 'Train the first recommender model', default: true })
  declare train: boolean

  @flags.boolean({
    description: 'Only when needed: an empty catalogue, or a bootstrap that has not finished (bin/dev.sh)',
  })
  declare ifNeeded?: boolean

  async run() {
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const { CatalogueBootstrap: Bootstrap, BootstrapError } = await import(
      '#services/catalogue/bootstrap/bootstrap_service'
    )
    if (!Number.isInteger(this.seriesPages) || this.seriesPages < 0 || this.seriesPages > 20) {
      this.exitCode = 1
      this.logger.error('--series-pages must be a whole number from 0 to 20')
      return
    }
    if (this.ifNeeded) {
      const { bootstrapNeeded } = await import('#services/catalogue/bootstrap/bootstrap_service')
      const needed = await bootstrapNeeded()
      if (!needed.needed) {
        this.logger.info(`Catalogue bootstrap not needed: ${needed.reason}.`)
        return { skipped: needed.reason }
      }
    }
    const progress = await this.#reporter()
    const bootstrap = new Bootstrap({
      movielens: this.movielens,
      checksum: this.checksum,
      tmdbDump: this.tmdbDump,
      seriesPages: this.seriesPages,
      concurrency: this.concurrency,
      train: this.train,
      downloadDir: this.app.tmpPath('downloads'),
      reporter: progress.reporter,
    })
    let summary: BootstrapSummary | undefined
    try {
      summary = await bootstrap.run()
    } catch (error) {
      progress.stop()
      this.exitCode = 1
      this.#printSteps(bootstrap.outcomes)
      if (error instanceof BootstrapError) {
        this.logger.error(`Bootstrap stopped at ${error.message}. Fix the cause and run it again: it continues from there.`)
        return { steps: bootstrap.outcomes }
      }
      throw error
    }
    progress.stop()
    this.#printSteps(summary.steps)
    const number = (value: number) => value.toLocaleString('en-US')
    const totals = this.ui.table()
    totals.head(['Catalogue', 'Count'])
    totals.row(['Movies', number(summary.totals.movies)])
    totals.row(['Ratings', number(summary.totals.ratings)])
    totals.row(['People', number(summary.totals.people)])
    totals.row(['Collections', number(summary.totals.collections)])
    totals.row(['Series', number(summary.totals.series)])
    totals.row(['Episodes', number(summary.totals.episodes)])
    totals.row(['Recommender models', number(summary.totals.models)])
    totals.row(['Gaps TMDB can still fill', number(summary.fillableGaps)])
    totals.row(['Movies not on TMDB', number(summary.notOnTmdb)])
    totals.render()
    this.logger.success(`Catalogue bootstrapped in ${(summary.ms / 1000).toFixed(1)} s`)
    return summary
  }

  #printSteps(steps: { step: string; status: string; detail: string; ms: number }[]) {
    const table = this.ui.table()
    table.head(['Step', 'Status', 'What', 'Time'])
    for (const step of steps) {
      const status = step.status === 'already' ? 'already done' : step.status
      table.row([step.step, status, step.detail, `${(step.ms / 1000).toFixed(1)} s`])
    }
    table.render()
  }

  /** One progress bar at a time (download, files, movies, shows) on a terminal; step lines otherwise. */
  async #reporter(): Promise<{ reporter: BootstrapReporter; stop: () => void }> {
    const { default: cliProgress } = await import('cli-progress')
    const interactive = Boolean(process.stderr.isTTY) && !this.app.inTest
    let bar: InstanceType<typeof cliProgress.SingleBar> | null = null
    let barStep = ''
    const stopBar = () => {
      bar?.stop()
      bar = null
      barStep = ''
    }
    const show = (key: string, label: string, total: number, value: number) => {
      if (!interactive) return
      if (barStep !== key) {
        stopBar()
        bar = new cliProgress.SingleBar(
          { format: `${label.padEnd(12)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, hideCursor: true },
          cliProgress.Presets.shades_classic
        )
        bar.start(Math.max(total, 1), 0)
        barStep = key
      }
      bar!.update(value)
    }
    const lastTenth = new Map<string, number>()
    const reporter: BootstrapReporter = {
      stepStarted: (step: BootstrapStep, description: string) => {
        stopBar()
        this.logger.info(`[${step}] ${description}`)
      },
      progress: (step, done, total) => {
        if (interactive) return show(step, step, total, done)
        // Without a terminal: a line per tenth.
        const tenth = Math.floor((10 * done) / Math.max(total, 1))
        if (tenth > (lastTenth.get(step) ?? 0) && step !== 'training' && step !== 'tmdb-dump') {
          lastTenth.set(step, tenth)
          this.logger.info(`[${step}] ${done}/${total}`)
        }
      },
      download: {
        start: (total) => show('download', 'download', total, 0),
        update: (bytes) => bar?.update(bytes),
        stop: () => stopBar(),
      },
      movielens: {
        fileStarted: (file, _path, totalBytes) => show(`ml-${file}`, file, totalBytes, 0),
        fileProgress: (_file, bytesRead) => bar?.update(bytesRead),
        fileFinished: (file, rows) => {
          stopBar()
          this.logger.info(`[movielens] ${file}: ${rows} rows`)
        },
        step: () => {},
      },
    }
    return { reporter, stop: stopBar }
  }
}
