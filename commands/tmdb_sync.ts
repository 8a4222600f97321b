import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { JobOutcome, QueuedJob, SyncPlan } from '#services/tmdb/sync_dispatcher'

export default class TmdbSync extends BaseCommand {
  static commandName = 'tmdb:sync'
  static description =
    'Queue TMDB syncs: movies by id, never-synced movies, gaps, recent changes, trending, popular, upcoming, watch providers'
  static help = [
    'Queues jobs on the metadata queue; `node ace queue:work --queues=metadata` runs them.',
    '  {{ binaryName }} tmdb:sync --ids 550,19995 --wait',
    '  {{ binaryName }} tmdb:sync --missing --trending --popular --upcoming',
    '  {{ binaryName }} tmdb:sync --gaps --wait   (credits, images, certifications movies lack; collection and person pages)',
    '  {{ binaryName }} tmdb:sync --changes --hours 48',
    '  {{ binaryName }} tmdb:sync --watch-providers   (the provider list of every region; offers come with each movie)',
    'Needs TMDB_ACCESS_TOKEN and TMDB_BASE_URL; against a TMDB on this machine (`node ace tmdb:fake-server`)',
    'a development token is used when TMDB_ACCESS_TOKEN is unset. Movies TMDB answers 404 for are marked',
    '(tmdb_status = not_found) and counted once in the summary; later syncs skip them.',
  ]
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Comma-separated TMDB movie ids to sync' })
  declare ids?: string

  @flags.boolean({ description: 'Sync movies that have a tmdb_id but were never synced' })
  declare missing?: boolean

  @flags.boolean({
    description:
      'Fill what TMDB has and we lack: movie credits, images, certifications; collection pages (parts); person pages (biography, dates)',
  })
  declare gaps?: boolean

  @flags.boolean({ description: 'Sync our movies that TMDB changed recently (see --hours)' })
  declare changes?: boolean

  @flags.number({ description: 'Window of --changes, in hours (max 336)', default: 24 })
  declare hours: number

  @flags.boolean({ description: 'Refresh trending scores (day and week)' })
  declare trending?: boolean

  @flags.boolean({ description: 'Refresh popular titles' })
  declare popular?: boolean

  @flags.boolean({ description: 'Sync upcoming titles' })
  declare upcoming?: boolean

  @flags.boolean({ description: "Refresh TMDB's watch providers (names, logos, each region's list)" })
  declare watchProviders?: boolean

  @flags.boolean({ description: 'Wait for the jobs to finish, with a progress bar and failure reasons' })
  declare wait?: boolean

  async run() {
    const plan = this.#plan()
    if (!plan) return

    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const dispatcher = await import('#services/tmdb/sync_dispatcher')
    const { TmdbAuthError, TmdbConfigurationError, TmdbUnreachableError, TmdbError } = await import(
      '#services/tmdb/errors'
    )
    try {
      await dispatcher.checkTmdbAccess()
    } catch (error) {
      this.exitCode = 1
      const { default: env } = await import('#start/env')
      if (error instanceof TmdbConfigurationError) {
        this.logger.error(error.message)
      } else if (error instanceof TmdbAuthError) {
        this.logger.error(
          `TMDB rejected TMDB_ACCESS_TOKEN (${error.statusMessage ?? 'HTTP 401'}). Set a valid v4 read access token in .env.`
        )
      } else if (error instanceof TmdbUnreachableError) {
        this.logger.error(
          `Cannot reach TMDB at ${env.get('TMDB_BASE_URL')} (${error.message}). Check TMDB_BASE_URL and the network, ` +
            'or run the fake server locally: `node ace tmdb:fake-server`.'
        )
      } else if (error instanceof TmdbError) {
        this.logger.error(`TMDB answered an error: ${error.message}. Try again later.`)
      } else {
        throw error
      }
      return
    }

    const queued = await dispatcher.queueSyncPlan(plan)
    if (!queued.length) {
      this.logger.info('Nothing to queue (no movie matched).')
      return { queued: [] }
    }
    this.logger.info(`Queued ${queued.length} job(s): ${this.#describeQueued(queued)}`)

    const workers = await dispatcher.metadataWorkerCount()
    if (!this.wait) {
      if (!workers) {
        this.logger.warning('No worker is running on the metadata queue: start one with `node ace queue:work --queues=metadata`.')
      }
      return { queued: queued.map((entry) => String(entry.job.id)) }
    }
    if (!workers) {
      this.exitCode = 1
      this.logger.error(
        'Cannot --wait: no worker is running on the metadata queue. The jobs stay queued; ' +
          'start `node ace queue:work --queues=metadata` (then re-run with --wait to watch them).'
      )
      return { queued: queued.map((entry) => String(entry.job.id)) }
    }

    const outcomes = await this.#waitWithProgress(dispatcher.waitForJobs, queued)
    if (plan.gaps) {
      // The movie syncs brought in people and collections: their own pages are gaps too.
      const pages = await dispatcher.queueGapPages()
      if (pages.length) {
        this.logger.info(`Queued ${pages.length} more job(s): ${this.#describeQueued(pages)}, found by the movie syncs`)
        outcomes.push(...(await this.#waitWithProgress(dispatcher.waitForJobs, pages)))
        queued.push(...pages)
      }
    }
    const failed = outcomes.filter((outcome) => outcome.state === 'failed')
    // A movie TMDB does not have is an answer (the movie is marked), told once as a count.
    const notOnTmdb = outcomes.filter(isNotOnTmdb).length
    for (const outcome of failed.slice(0, MAX_FAILURE_LINES)) {
      this.logger.error(`${outcome.label} (job ${outcome.jobId}) failed: ${outcome.reason}`)
    }
    if (failed.length > MAX_FAILURE_LINES) {
      this.logger.error(`…and ${failed.length - MAX_FAILURE_LINES} more (see the failed set in the admin panel).`)
    }
    if (notOnTmdb) {
      this.logger.warning(`${notOnTmdb} not on TMDB (marked tmdb_status = not_found; later syncs skip them).`)
    }
    if (failed.length) {
      this.exitCode = 1
      this.logger.error(`${failed.length} of ${outcomes.length} job(s) failed.`)
    } else {
      this.logger.success(`All ${outcomes.length} job(s) completed.`)
    }
    return { queued: queued.map((entry) => String(entry.job.id)), outcomes, notOnTmdb }
  }

  /** "2 movie sync(s) (one per movie), 40 person sync(s), trending (day)": per-item syncs counted, refreshes named. */
  #describeQueued(queued: QueuedJob[]) {
    const counted: [QueuedJob['kind'], string][] = [
      ['movie', 'movie sync(s) (one per movie)'],
      ['collection', 'collection sync(s)'],
      ['person', 'person sync(s)'],
    ]
    const parts = counted.flatMap(([kind, what]) => {
      const count = queued.filter((entry) => entry.kind === kind).length
      return count ? [`${count} ${what}`] : []
    })
    const others = queued.filter((entry) => !counted.some(([kind]) => kind === entry.kind)).map((entry) => entry.label)
    return [...parts, ...others].join(', ')
  }

  /** Parses and checks the flags; null (with an error shown) when unusable. */
  #plan(): SyncPlan | null {
    const plan: SyncPlan = {
      missing: this.missing,
      gaps: this.gaps,
      trending: this.trending,
      popular: this.popular,
      upcoming: this.upcoming,
      watchProviders: this.watchProviders,
    }
    if (this.ids !== undefined) {
      const parts = this.ids.split(',').map((part) => part.trim()).filter(Boolean)
      const invalid = parts.filter((part) => !/^\d+$/.test(part) || Number(part) <= 0)
      if (invalid.length || !parts.length) {
        this.exitCode = 1
        this.logger.error(
          `--ids takes comma-separated positive TMDB ids (e.g. --ids 550,19995); invalid: ${invalid.join(', ') || '(empty)'}`
        )
        return null
      }
      plan.ids = [...new Set(parts.map(Number))]
    }
    if (this.changes) {
      if (!Number.isInteger(this.hours) || this.hours < 1 || this.hours > 336) {
        this.exitCode = 1
        this.logger.error('--hours must be a whole number from 1 to 336 (TMDB keeps 14 days of changes)')
        return null
      }
      plan.changesHours = this.hours
    }
    const anything =
      plan.ids?.length ||
      plan.missing ||
      plan.gaps ||
      plan.changesHours ||
      plan.trending ||
      plan.popular ||
      plan.upcoming ||
      plan.watchProviders
    if (!anything) {
      this.exitCode = 1
      this.logger.error(
        'Nothing to do: pass --ids, --missing, --gaps, --changes [--hours N], --trending, --popular, --upcoming and/or --watch-providers.'
      )
      return null
    }
    return plan
  }

  async #waitWithProgress(
    waitForJobs: (
      jobs: QueuedJob[],
      onSettled: (outcome: JobOutcome, settled: number, total: number) => void
    ) => Promise<JobOutcome[]>,
    queued: QueuedJob[]
  ) {
    const { default: cliProgress } = await import('cli-progress')
    const interactive = Boolean(process.stderr.isTTY) && !this.app.inTest
    const bar = interactive
      ? new cliProgress.SingleBar(
          { format: 'TMDB sync [{bar}] {value}/{total} | {failed} failed | {last}', hideCursor: true },
          cliProgress.Presets.shades_classic
        )
      : null
    let failures = 0
    bar?.start(queued.length, 0, { failed: 0, last: '' })
    try {
      return await waitForJobs(queued, (outcome, settled, total) => {
        if (outcome.state === 'failed') failures++
        if (bar) {
          bar.update(settled, { failed: failures, last: `${outcome.label} ${outcome.state}` })
        } else if (total <= MAX_PROGRESS_LINES) {
          this.logger.info(`[${settled}/${total}] ${outcome.label}: ${outcome.state}${describe(outcome)}`)
        } else if (settled === total || settled % Math.ceil(total / 10) === 0) {
          // Thousands of jobs: a line per tenth, not one per job.
          this.logger.info(`[${settled}/${total}] settled, ${failures} failed`)
        }
      })
    } finally {
      bar?.stop()
    }
  }
}

/** Per-job lines beyond this become one line per tenth of the jobs. */
const MAX_PROGRESS_LINES = 50
/** Failure reasons printed one by one; the rest are counted. */
const MAX_FAILURE_LINES = 20

function isNotOnTmdb(outcome: JobOutcome) {
  return (
    outcome.state === 'completed' &&
    typeof outcome.result === 'object' &&
    outcome.result !== null &&
    (outcome.result as { notFound?: boolean }).notFound === true
  )
}

/** The counters a refresh job returns ("fetched 20, queued 18"), for the progress lines. */
function describe(outcome: JobOutcome) {
  if (outcome.state !== 'completed' || typeof outcome.result !== 'object' || !outcome.result) return ''
  if (isNotOnTmdb(outcome)) return ' (not on TMDB)'
  const counters = Object.entries(outcome.result).filter(
    ([key, value]) => typeof value === 'number' && !['movieId', 'personId', 'collectionId', 'tmdbId'].includes(key)
  )
  return counters.length ? ` (${counters.map(([key, value]) => `${key} ${value}`).join(', ')})` : ''
}
