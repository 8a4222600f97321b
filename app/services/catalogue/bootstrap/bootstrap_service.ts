import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { importMovieLens, type MovieLensImportProgress } from '#services/catalogue/movielens/movielens_importer'
import { importDump } from '#services/tmdb/dump_import_service'
import { syncMovie } from '#services/tmdb/movie_sync_service'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { TmdbNotFoundError } from '#services/tmdb/errors'
import TmdbClient from '#services/tmdb/tmdb_client'
import { isLocalTmdb } from '#services/tmdb/local_tmdb'
import { syncPerson } from '#services/tmdb/person_sync_service'
import { syncCollection } from '#services/tmdb/collection_sync_service'
import {
  countFillableGaps,
  countNotOnTmdb,
  gapCollectionTmdbIds,
  gapPersonTmdbIds,
  gapTmdbIds,
} from '#services/tmdb/gap_service'
import TrainingService, { TrainingInProgressError } from '#services/recommender/training_service'
import { invalidateAllMovies } from '#services/catalogue/catalogue_cache'
import {
  downloadVerified,
  extractMovieLensZip,
  parseChecksum,
  publishedChecksum,
  type DownloadProgress,
} from '#services/catalogue/bootstrap/movielens_download'

export const BOOTSTRAP_STEPS = [
  'movielens',
  'tmdb-dump',
  'tmdb-movies',
  'series',
  'collections',
  'people',
  'training',
] as const
export type BootstrapStep = (typeof BOOTSTRAP_STEPS)[number]

export interface BootstrapOptions {
  /** A MovieLens directory, or the URL of its zip (downloaded, verified, extracted). */
  movielens?: string
  /** `sha256:<hex>` / `md5:<hex>` of the zip; default: the `.md5` published beside it. */
  checksum?: string
  /** Directory holding tmdb_5000_movies.csv. */
  tmdbDump?: string
  /** Pages of 20 shows read from each TMDB TV list (popular, trending day/week, on the air). */
  seriesPages?: number
  /** Parallel TMDB fetches. */
  concurrency?: number
  /** Train the first model (default true). */
  train?: boolean
  /** Where downloads and their extraction go. */
  downloadDir: string
  reporter?: BootstrapReporter
}

export interface BootstrapReporter {
  stepStarted?(step: BootstrapStep, description: string): void
  /** Item progress of a step (movies, shows). */
  progress?(step: BootstrapStep, done: number, total: number): void
  download?: DownloadProgress
  movielens?: MovieLensImportProgress
}

export interface StepOutcome {
  step: BootstrapStep
  /** done: did work now; already: done by an earlier run (nothing new); skipped: nothing to do or not asked; failed. */
  status: 'done' | 'already' | 'skipped' | 'failed'
  detail: string
  ms: number
}

export interface BootstrapSummary {
  steps: StepOutcome[]
  totals: {
    movies: number
    ratings: number
    people: number
    collections: number
    series: number
    episodes: number
    models: number
  }
  /** Movies, people and collections with gaps TMDB could still fill (0 after a complete run). */
  fillableGaps: number
  notOnTmdb: number
  ms: number
}

export class BootstrapError extends Error {}

/** The bootstrap_steps row written when a run went through every step. */
const COMPLETE = 'complete'

/**
 * Whether `catalogue:bootstrap --if-needed` (bin/dev.sh) should run: on an
 * empty catalogue, or when a bootstrap started and has not gone through
 * (interrupted: it continues). A catalogue filled by other means is left alone.
 */
export async function bootstrapNeeded(): Promise<{ needed: boolean; reason: string }> {
  const steps: { name: string; status: string }[] = await db.from('bootstrap_steps').select('name', 'status')
  if (steps.some((step) => step.name === COMPLETE && step.status === 'done')) {
    return { needed: false, reason: 'the catalogue was bootstrapped' }
  }
  if (steps.length) return { needed: true, reason: 'an earlier bootstrap did not finish' }
  const movie = await db.from('movies').select('id').first()
  if (movie) return { needed: false, reason: 'the catalogue already has movies (not bootstrapped here)' }
  return { needed: true, reason: 'the catalogue is empty' }
}

interface StepRow {
  name: string
  status: 'running' | 'done' | 'failed'
  input: string | null
  result: Record<string, unknown>
}

/**
 * From nothing to a complete catalogue, one step after the other, each
 * idempotent: MovieLens (directory or official zip), the TMDB dump, TMDB
 * details for every movie lacking credits, images or certifications,
 * popular and trending series with seasons and episodes, the pages of the
 * collections and people those brought in, then a first recommender model. Progress is kept in the database (bootstrap_steps for
 * the imports, the data itself for the rest): a second run does nothing
 * new, an interrupted one continues where it stopped.
 */
export class CatalogueBootstrap {
  readonly #options: BootstrapOptions
  readonly #reporter: BootstrapReporter
  readonly #outcomes: StepOutcome[] = []

  constructor(options: BootstrapOptions) {
    this.#options = options
    this.#reporter = options.reporter ?? {}
  }

  async run(): Promise<BootstrapSummary> {
    const started = performance.now()
    await this.#step('movielens', () => this.#movielens())
    await this.#step('tmdb-dump', () => this.#tmdbDump())
    await this.#step('tmdb-movies', () => this.#tmdbMovies())
    await this.#step('series', () => this.#series())
    await this.#step('collections', () => this.#collections())
    await this.#step('people', () => this.#people())
    await this.#step('training', () => this.#training())
    // Every step went through: `--if-needed` runs stop here.
    await db
      .table('bootstrap_steps')
      .insert({ name: COMPLETE, status: 'done', result: '{}', started_at: new Date(), finished_at: new Date() })
      .onConflict('name')
      .merge({ status: 'done', finished_at: new Date() })
    return {
      steps: this.#outcomes,
      totals: await totals(),
      fillableGaps: (await countFillableGaps()).total,
      notOnTmdb: await countNotOnTmdb(),
      ms: Math.round(performance.now() - started),
    }
  }

  get outcomes() {
    return [...this.#outcomes]
  }

  async #step(step: BootstrapStep, run: () => Promise<Omit<StepOutcome, 'step' | 'ms'>>) {
    const started = performance.now()
    let outcome: Omit<StepOutcome, 'step' | 'ms'>
    try {
      outcome = await run()
    } catch (error) {
      outcome = { status: 'failed', detail: (error as Error).message }
    }
    this.#outcomes.push({ step, ...outcome, ms: Math.round(performance.now() - started) })
    // Later steps build on this one: stop here; the next run continues from it.
    if (outcome.status === 'failed') throw new BootstrapError(`${step}: ${outcome.detail}`)
  }

  /* ------------------------------------------------------------ recorded steps */

  /** Runs `work` unless the step was done for the same input; records running/done/failed. */
  async #recorded(
    step: BootstrapStep,
    input: string,
    work: () => Promise<{ detail: string; result: Record<string, unknown> }>
  ): Promise<Omit<StepOutcome, 'step' | 'ms'>> {
    const previous: StepRow | null = await db.from('bootstrap_steps').where('name', step).first()
    if (previous?.status === 'done' && previous.input === input) {
      return { status: 'already', detail: String(previous.result.detail ?? 'done by an earlier run') }
    }
    await db
      .table('bootstrap_steps')
      .insert({ name: step, status: 'running', input, result: '{}', started_at: new Date() })
      .onConflict('name')
      .merge({ status: 'running', input, error: null, started_at: new Date(), finished_at: null })
    try {
      const { detail, result } = await work()
      await db
        .from('bootstrap_steps')
        .where('name', step)
        .update({ status: 'done', result: JSON.stringify({ ...result, detail }), finished_at: new Date() })
      return { status: 'done', detail }
    } catch (error) {
      await db
        .from('bootstrap_steps')
        .where('name', step)
        .update({ status: 'failed', error: (error as Error).message, finished_at: new Date() })
      throw error
    }
  }

  async #movielens(): Promise<Omit<StepOutcome, 'step' | 'ms'>> {
    const source = this.#options.movielens
    if (!source) return { status: 'skipped', detail: 'no MovieLens source given' }
    const isUrl = /^https?:\/\//i.test(source)
    return this.#recorded('movielens', source, async () => {
      let directory = source
      let downloaded = ''
      if (isUrl) {
        this.#reporter.stepStarted?.('movielens', `downloading ${source}`)
        const checksum = this.#options.checksum
          ? parseChecksum(this.#options.checksum)
          : await publishedChecksum(source)
        const file = await downloadVerified(source, this.#options.downloadDir, checksum, this.#reporter.download)
        directory = await extractMovieLensZip(file.path, join(this.#options.downloadDir, 'movielens'))
        downloaded = file.downloaded
          ? `downloaded ${(file.bytes / 1e6).toFixed(1)} MB, ${checksum.algorithm} verified; `
          : `kept the verified ${file.path}; `
      } else if (!(await stat(source).catch(() => null))?.isDirectory()) {
        throw new BootstrapError(`MovieLens source ${source} is neither a directory nor an http(s) URL`)
      }
      this.#reporter.stepStarted?.('movielens', `importing ${directory}`)
      const summary = await importMovieLens(directory, { progress: this.#reporter.movielens })
      return {
        detail: `${downloaded}${summary.movies.rows} movies, ${summary.ratings.rows} ratings, ${summary.tags.rows} tags`,
        result: { movies: summary.movies.rows, ratings: summary.ratings.rows },
      }
    })
  }

  async #tmdbDump(): Promise<Omit<StepOutcome, 'step' | 'ms'>> {
    const dir = this.#options.tmdbDump
    if (!dir) return { status: 'skipped', detail: 'no dump given: TMDB itself fills the movies' }
    return this.#recorded('tmdb-dump', dir, async () => {
      this.#reporter.stepStarted?.('tmdb-dump', `enriching from ${dir}`)
      const summary = await importDump(dir, {
        onProgress: ({ bytes, totalBytes }) => this.#reporter.progress?.('tmdb-dump', bytes, totalBytes),
      })
      await invalidateAllMovies()
      return {
        detail: `${summary.matched} matched, ${summary.updated} updated, ${summary.failed.length} unreadable rows`,
        result: { matched: summary.matched, updated: summary.updated },
      }
    })
  }

  /* ------------------------------------------------------------- derived steps */

  /** Every movie lacking credits, images or certifications (gap_service), fetched from TMDB. */
  async #tmdbMovies(): Promise<Omit<StepOutcome, 'step' | 'ms'>> {
    const ids = await gapTmdbIds()
    if (!ids.length) return { status: 'already', detail: `no movie lacks what TMDB has (${await countNotOnTmdb()} not on TMDB)` }
    const outcome = await this.#fetchPages('tmdb-movies', ids, 'movies', async (tmdbId, client) => {
      await syncMovie(tmdbId, { client, announce: false })
      return 0
    })
    const detail = `${outcome.synced} movies filled (credits, images, certifications), ${outcome.notFound} not on TMDB`
    if (outcome.failures.length) return this.#failed(detail, outcome.failures)
    await invalidateAllMovies()
    return { status: 'done', detail }
  }

  /** Popular, trending and on-the-air shows we do not have yet, with seasons and episodes. */
  async #series(): Promise<Omit<StepOutcome, 'step' | 'ms'>> {
    const client = TmdbClient.fromEnv()
    const pages = this.#options.seriesPages ?? 1
    const listed = new Set<number>()
    for (let page = 1; page <= pages; page++) {
      const lists = await Promise.all([
        client.popularTv(page),
        client.trendingTv('day', page),
        client.trendingTv('week', page),
        client.onTheAirTv(page),
      ])
      for (const list of lists) for (const item of list.results) listed.add(item.id)
    }
    const have = new Set<number>(
      (await db.from('series').whereIn('tmdb_id', [...listed]).whereNotNull('metadata_synced_at').select('tmdb_id')).map(
        (row: { tmdb_id: number }) => row.tmdb_id
      )
    )
    const missing = [...listed].filter((id) => !have.has(id))
    if (!missing.length) return { status: 'already', detail: `all ${listed.size} popular and trending shows present` }
    this.#reporter.stepStarted?.('series', `fetching ${missing.length} shows with their seasons`)
    let synced = 0
    let episodes = 0
    const failures: string[] = []
    await this.#pool(missing, async (tmdbId) => {
      try {
        const result = await syncSeries(tmdbId, { client })
        synced++
        episodes += result.episodes
      } catch (error) {
        if (!(error instanceof TmdbNotFoundError)) failures.push(`${tmdbId}: ${(error as Error).message}`)
      }
    }, (done) => this.#reporter.progress?.('series', done, missing.length))
    const detail = `${synced} shows, ${episodes} episodes`
    if (failures.length) return { status: 'failed', detail: `${detail}, ${failures.length} failed (run again to continue)` }
    return { status: 'done', detail }
  }

  /** The pages (overview, parts) of the collections the movies named; linking the parts we have. */
  async #collections(): Promise<Omit<StepOutcome, 'step' | 'ms'>> {
    const ids = await gapCollectionTmdbIds()
    if (!ids.length) {
      const [row] = await db.from('collections').count('* as total')
      return { status: 'already', detail: `${Number(row.total)} collections, none lacking its TMDB page` }
    }
    const outcome = await this.#fetchPages('collections', ids, 'collections', async (tmdbId, client) => {
      return (await syncCollection(tmdbId, { client })).linked
    })
    const detail = `${outcome.synced} collections (${outcome.linked} of our movies in them), ${outcome.notFound} not on TMDB`
    if (outcome.failures.length) return this.#failed(detail, outcome.failures)
    return { status: 'done', detail }
  }

  /** People arrive with the credits (tmdb-movies, series); their own pages (biography, dates) come here. */
  async #people(): Promise<Omit<StepOutcome, 'step' | 'ms'>> {
    const ids = await gapPersonTmdbIds()
    if (!ids.length) {
      const [row] = await db.from('people').count('* as total')
      return { status: 'already', detail: `${Number(row.total)} people, none lacking its TMDB page` }
    }
    const outcome = await this.#fetchPages('people', ids, 'people', async (tmdbId, client) => {
      // A TMDB id no person of ours has is skipped, not counted.
      return (await syncPerson(tmdbId, { client })) ? 0 : null
    })
    const detail = `${outcome.synced} people filled (biography, dates, place of birth), ${outcome.notFound} not on TMDB`
    if (outcome.failures.length) return this.#failed(detail, outcome.failures)
    return { status: 'done', detail }
  }

  /**
   * Fetches TMDB pages for `ids` a few at a time, with progress. `fetch`
   * returns how many of our movies it linked, or null when there was
   * nothing of ours to fill. A 404 is counted (the sync marked it, so later
   * runs skip it); any other error is kept to be named.
   */
  async #fetchPages(
    step: BootstrapStep,
    ids: number[],
    what: string,
    fetch: (tmdbId: number, client: TmdbClient) => Promise<number | null>
  ) {
    this.#reporter.stepStarted?.(step, `fetching ${ids.length} ${what} from TMDB`)
    const client = TmdbClient.fromEnv()
    const outcome = { synced: 0, linked: 0, notFound: 0, failures: [] as string[] }
    await this.#pool(
      ids,
      async (tmdbId) => {
        try {
          const linked = await fetch(tmdbId, client)
          if (linked === null) return
          outcome.synced++
          outcome.linked += linked
        } catch (error) {
          if (error instanceof TmdbNotFoundError) outcome.notFound++
          else outcome.failures.push(`${tmdbId}: ${(error as Error).message}`)
        }
      },
      (done) => this.#reporter.progress?.(step, done, ids.length)
    )
    return outcome
  }

  #failed(detail: string, failures: string[]): Omit<StepOutcome, 'step' | 'ms'> {
    return {
      status: 'failed',
      detail: `${detail}, ${failures.length} failed (run again to continue), e.g. ${failures.slice(0, 3).join('; ')}`,
    }
  }

  async #training(): Promise<Omit<StepOutcome, 'step' | 'ms'>> {
    if (this.#options.train === false) return { status: 'skipped', detail: '--no-train' }
    const model = await db.from('recommender_models').where('status', 'ready').orderBy('id', 'desc').select('version').first()
    if (model) return { status: 'already', detail: `model ${model.version} in service` }
    const ratings = await db.from('ratings').select('user_id').first()
    if (!ratings) return { status: 'skipped', detail: 'no ratings to train on' }
    this.#reporter.stepStarted?.('training', 'training the first recommender model')
    try {
      const run = await new TrainingService().train({
        trigger: 'bootstrap',
        onProgress: (_stage, done, total) => this.#reporter.progress?.('training', done, total),
      })
      return { status: 'done', detail: `model ${run.version} (${run.users} users, ${run.items} items)` }
    } catch (error) {
      if (error instanceof TrainingInProgressError) {
        return { status: 'skipped', detail: 'a training is already running elsewhere' }
      }
      throw error
    }
  }

  /**
   * Runs `task` over `items`, `concurrency` at a time, starting at most
   * TMDB_REQUESTS_PER_SECOND per second against a remote TMDB (none against
   * a local one, the fake server).
   */
  async #pool<T>(items: T[], task: (item: T) => Promise<void>, onDone: (done: number) => void) {
    const baseUrl = env.get('TMDB_BASE_URL')
    const concurrency = this.#options.concurrency ?? (isLocalTmdb(baseUrl) ? 8 : 4)
    const spacingMs = isLocalTmdb(baseUrl) ? 0 : 1000 / env.get('TMDB_REQUESTS_PER_SECOND', 40)
    let next = 0
    let done = 0
    let nextStart = Date.now()
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++]
        if (spacingMs) {
          const wait = nextStart - Date.now()
          nextStart = Math.max(nextStart, Date.now()) + spacingMs
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        }
        await task(item)
        onDone(++done)
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  }
}

async function totals(): Promise<BootstrapSummary['totals']> {
  const count = async (table: string) => Number((await db.from(table).count('* as total'))[0].total)
  const [movies, ratings, people, collections, series, episodes, models] = await Promise.all([
    count('movies'),
    count('ratings'),
    count('people'),
    count('collections'),
    count('series'),
    count('episodes'),
    db.from('recommender_models').where('status', 'ready').count('* as total').then((rows) => Number(rows[0].total)),
  ])
  return { movies, ratings, people, collections, series, episodes, models }
}
