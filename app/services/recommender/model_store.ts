import logger from '@adonisjs/core/services/logger'
import RecommenderModel from '#models/recommender_model'
import { bundleBytes, deserializeBundle, type ModelBundle } from '#services/recommender/bundle'
import { Ranker } from '#services/recommender/ranker'

/** How often a process looks for a newer trained version (another process may have trained it). */
const CHECK_INTERVAL_MS = 30_000

export interface ActiveModel {
  ranker: Ranker
  version: string
  loadedAt: Date
  memoryBytes: number
}

/**
 * The recommender model this process serves from, held in memory as typed
 * arrays. Loaded from `recommender_models` on first use; replaced whole
 * (one reference assignment) when training finishes here or when a newer
 * version shows up in the database, so a request always ranks against a
 * single consistent version.
 */
export class ModelStore {
  #active: ActiveModel | null = null
  #refreshing: Promise<void> | null = null
  #checkedAt = 0

  /** The ranker to serve from, or null before any model was trained. */
  async ranker(): Promise<Ranker | null> {
    if (this.#checkedAt === 0) {
      await this.refresh()
    } else if (Date.now() - this.#checkedAt > CHECK_INTERVAL_MS) {
      // Look for a newer version in the background; this request uses the current one.
      this.refresh().catch((error) => logger.error({ err: error }, 'recommender: cannot check for a newer model'))
    }
    return this.#active?.ranker ?? null
  }

  get active(): ActiveModel | null {
    return this.#active
  }

  /** Loads the newest ready version from the database when it differs from the one in memory. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null
    })
    return this.#refreshing
  }

  async #refresh() {
    this.#checkedAt = Date.now()
    const latest = await RecommenderModel.query().apply((scopes) => scopes.ready()).select('id', 'version').first()
    if (!latest || latest.version === this.#active?.version) return
    const row = await RecommenderModel.query().select('artifact').where('id', latest.id).first()
    if (!row?.artifact) return
    try {
      this.swap(deserializeBundle(row.artifact))
      logger.info({ version: latest.version, memoryBytes: this.#active?.memoryBytes }, 'recommender: model loaded')
    } catch (error) {
      // A broken artifact must not take serving down: keep what we have.
      logger.error({ err: error, version: latest.version }, 'recommender: cannot load model, keeping the previous one')
    }
  }

  /** Atomically replaces the served model. */
  swap(bundle: ModelBundle) {
    this.#active = {
      ranker: new Ranker(bundle),
      version: bundle.meta.version,
      loadedAt: new Date(),
      memoryBytes: bundleBytes(bundle),
    }
    this.#checkedAt = Date.now()
  }

  /** Forgets the model in memory (tests; the next use loads from the database again). */
  reset() {
    this.#active = null
    this.#checkedAt = 0
  }
}

const modelStore = new ModelStore()
export default modelStore
