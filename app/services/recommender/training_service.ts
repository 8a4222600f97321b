import { randomBytes, randomUUID } from 'node:crypto'
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import RecommenderModel from '#models/recommender_model'
import { loadTrainingData } from '#services/recommender/data_loader'
import { resolveConfig, type ConfigOverrides } from '#services/recommender/config'
import { deserializeBundle, type Engine } from '#services/recommender/bundle'
import { trainInWorker } from '#services/recommender/training_worker_client'
import modelStore from '#services/recommender/model_store'
import { invalidateAllRecommendations } from '#services/recommender/cache'
import { announceModel } from '#services/recommender/model_announcements'

/** Ready versions kept in the database (older ones are deleted after a successful run). */
const KEEP_READY = 3
/** Failed runs kept for operators. */
const KEEP_FAILED = 10
const LOCK_KEY = 'recommender:training-lock'
/** Longer than any training run; a crashed process cannot hold the lock forever. */
const LOCK_TTL_SECONDS = 30 * 60

export class TrainingInProgressError extends Error {
  constructor() {
    super('Another recommender training is running; wait for it to finish (it holds the lock for at most 30 minutes).')
  }
}

export class NothingToTrainError extends Error {}

export type TrainingTrigger = 'manual' | 'nightly' | 'api' | 'test' | 'first' | 'import' | 'bootstrap'

export interface TrainingRunOptions {
  /** Collaborative engine of for_you (default from the config). */
  engine?: Engine
  overrides?: ConfigOverrides
  trigger?: TrainingTrigger
  /** Progress of each step (loading, then the training stages). */
  onProgress?: (step: string, done: number, total: number) => void
}

export interface TrainingRun {
  version: string
  engine: Engine
  users: number
  items: number
  ratings: number
  /** Training in the worker. */
  trainingMs: number
  /** Everything: loading, training, persisting and swapping. */
  totalMs: number
  sizeBytes: number
  memoryBytes: number
}

function newVersion() {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  return `${stamp}-${randomBytes(3).toString('hex')}`
}

/**
 * Trains the recommender from the database: loads the data, trains in a
 * worker thread, persists the bundle as a new version, then swaps it into
 * this process and announces it to the others over Redis. Any failure leaves
 * the previous version in service and is recorded as a failed run.
 */
export default class TrainingService {
  async train(options: TrainingRunOptions = {}): Promise<TrainingRun> {
    const token = randomUUID()
    const locked = await redis.set(LOCK_KEY, token, 'EX', LOCK_TTL_SECONDS, 'NX')
    if (locked !== 'OK') throw new TrainingInProgressError()

    const started = performance.now()
    const version = newVersion()
    const config = resolveConfig({ ...options.overrides, ...(options.engine ? { engine: options.engine } : {}) })
    const progress = options.onProgress ?? (() => {})
    try {
      const data = await loadTrainingData((step, done, total) => progress(`load ${step}`, done, total))
      if (!data.itemIds.length) {
        throw new NothingToTrainError(
          'The catalogue has no movies to train on. Import some first: `node ace movielens:import <dir>`.'
        )
      }
      const result = await trainInWorker(data, config, version, (stage, done, total) => progress(stage, done, total))
      progress('save', 0, 1)
      const bundle = deserializeBundle(result.bytes)
      const artifact = Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength)
      await RecommenderModel.create({
        version,
        status: 'ready',
        // The engine trained, after planForSize (large data replaces EASE).
        engine: result.meta.engine,
        trigger: options.trigger ?? 'manual',
        users: result.meta.users,
        items: result.meta.items,
        ratings: result.meta.ratings,
        trainingMs: result.meta.trainingMs,
        sizeBytes: artifact.byteLength,
        memoryBytes: result.memoryBytes,
        config: result.meta.config as unknown as Record<string, unknown>,
        artifact,
      })
      await this.#prune()
      modelStore.swap(bundle)
      // Every other app process loads it now, not on a request 30 s later.
      await announceModel(version)
      await invalidateAllRecommendations()
      progress('save', 1, 1)

      const run: TrainingRun = {
        version,
        engine: result.meta.engine,
        users: result.meta.users,
        items: result.meta.items,
        ratings: result.meta.ratings,
        trainingMs: result.meta.trainingMs,
        totalMs: Math.round(performance.now() - started),
        sizeBytes: artifact.byteLength,
        memoryBytes: result.memoryBytes,
      }
      logger.info(run, 'recommender: trained')
      return run
    } catch (error) {
      await RecommenderModel.create({
        version,
        status: 'failed',
        engine: config.engine,
        trigger: options.trigger ?? 'manual',
        config: config as unknown as Record<string, unknown>,
        error: (error as Error).message,
        trainingMs: Math.round(performance.now() - started),
      }).catch((recordError) => logger.error({ err: recordError }, 'recommender: cannot record the failed run'))
      logger.error({ err: error, version }, 'recommender: training failed, the previous model stays in service')
      throw error
    } finally {
      // Release only our own lock (a Lua compare-and-delete).
      await redis
        .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, LOCK_KEY, token)
        .catch(() => {})
    }
  }

  async #prune() {
    for (const status of ['ready', 'failed'] as const) {
      const keep = await RecommenderModel.query()
        .where('status', status)
        .orderBy('id', 'desc')
        .limit(status === 'ready' ? KEEP_READY : KEEP_FAILED)
        .select('id')
      if (!keep.length) continue
      await RecommenderModel.query()
        .where('status', status)
        .whereNotIn(
          'id',
          keep.map((row) => row.id)
        )
        .delete()
    }
  }
}
