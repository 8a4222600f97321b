import { csrFromCoo, emptyCsr, transpose } from '#services/recommender/sparse'
import { interactionMatrix, latestPerUser, sortRatings, type TrainingData } from '#services/recommender/dataset'
import type { ModelBundle } from '#services/recommender/bundle'
import { DEFAULT_CONFIG, easeFitsSize, planForSize, type TrainingConfig } from '#services/recommender/config'
import { trainEase } from '#services/recommender/models/ease'
import { trainRp3beta } from '#services/recommender/models/rp3beta'
import { trainItemKnn } from '#services/recommender/models/item_knn'
import { trainAls } from '#services/recommender/models/als'
import { trainContent } from '#services/recommender/models/content'
import { trainSequence } from '#services/recommender/models/sequence'
import { trainPopularity } from '#services/recommender/models/popularity'
import { trainRatingPredictor, type RatingPredictor } from '#services/recommender/models/rating_predictor'

/** Training stages, in order; progress is reported per stage. */
export const STAGES = ['popularity', 'item_knn', 'ease', 'rp3beta', 'als', 'sequence', 'content', 'predictor'] as const
export type Stage = (typeof STAGES)[number]

export type ProgressReporter = (stage: Stage, done: number, total: number) => void

export interface TrainOptions {
  /** Train every collaborative engine, not only what the configured engine serves (evaluation). */
  allEngines?: boolean
  /** Skip the parts evaluation of a variant does not need. */
  skip?: Stage[]
}

/** Which collaborative components a bundle needs for its engine. */
export function stagesFor(config: TrainingConfig, options: TrainOptions = {}): Stage[] {
  const wanted = new Set<Stage>(['popularity', 'item_knn', 'content', 'predictor'])
  if (options.allEngines || config.engine === 'ease_rp3beta' || config.engine === 'ease') wanted.add('ease')
  if (options.allEngines || config.engine === 'ease_rp3beta' || config.engine === 'rp3beta') wanted.add('rp3beta')
  if (options.allEngines || config.engine === 'als') wanted.add('als')
  if (options.allEngines || (config.blend.sequenceShare ?? 0) > 0) wanted.add('sequence')
  for (const stage of options.skip ?? []) wanted.delete(stage)
  return STAGES.filter((stage) => wanted.has(stage))
}

/**
 * Trains every model of a bundle from the data. Pure and synchronous (CPU
 * only): it runs inside the training worker thread, never on the event loop
 * of a server.
 */
export function trainBundle(
  input: TrainingData,
  config: TrainingConfig,
  progress: ProgressReporter = () => {},
  options: TrainOptions = {}
): ModelBundle {
  const started = performance.now()
  const data = sortRatings(input)
  const n = data.itemIds.length
  const size = { users: data.userIds.length, items: n, ratings: data.ratingValue.length }
  config = planForSize(config, size)
  const large = size.ratings >= config.scale.largeRatings
  const stages = new Set(stagesFor(config, options))
  if (!easeFitsSize(config.scale, size)) stages.delete('ease')
  if (large && config.engine !== 'als') stages.delete('als')
  // Large data: co-occurrence products see each user's recent history only (see ScaleOptions).
  const sampled = large ? latestPerUser(data, config.scale.maxUserHistory) : data
  const x = interactionMatrix(sampled, { likedOnly: config.likedOnly })
  const xt = transpose(x)
  const every = (total: number) => Math.max(1, Math.floor(total / 50))

  progress('popularity', 0, 1)
  const popularity = trainPopularity(data, config.popularity)
  progress('popularity', 1, 1)

  let knn = emptyCsr(n, n)
  if (stages.has('item_knn')) {
    const step = every(n)
    knn = trainItemKnn(x, xt, config.itemKnn, (row) => {
      if (row % step === 0 || row === n - 1) progress('item_knn', row + 1, n)
    }).neighbors
  }

  let ease = null
  if (stages.has('ease')) {
    progress('ease', 0, n)
    ease = trainEase(x, xt, config.ease, (phase, done, total) => {
      // The Gram matrix and its inverse are quick; the weights pass is most of the work.
      if (phase === 'weights') progress('ease', done, total)
    })
    progress('ease', n, n)
  }

  let rp3beta = null
  if (stages.has('rp3beta')) {
    const step = every(n)
    rp3beta = trainRp3beta(x, xt, config.rp3beta, (row) => {
      if (row % step === 0 || row === n - 1) progress('rp3beta', row + 1, n)
    })
  }

  let als = null
  if (stages.has('als')) {
    progress('als', 0, config.als.iterations)
    als = trainAls(x, xt, config.als, (done, total) => progress('als', done, total))
  }

  let sequence = null
  if (stages.has('sequence')) {
    const step = every(n)
    // Order matters here, so the full time-ordered data (sampled history keeps the latest ratings too).
    sequence = trainSequence(sampled, config.sequence ?? DEFAULT_CONFIG.sequence, (row) => {
      if (row % step === 0 || row === n - 1) progress('sequence', row + 1, n)
    })
  }

  const genreNames = new Map(data.genreNames)
  const contentStep = every(n)
  const content = stages.has('content')
    ? trainContent(data.content, genreNames, config.content, (row) => {
        if (row % contentStep === 0 || row === n - 1) progress('content', row + 1, n)
      })
    : { features: emptyCsr(n, 0), neighbors: emptyCsr(n, n), termLabels: [], termFields: new Uint8Array(0) }

  let predictor: RatingPredictor = { mean: 3.5, userRegularization: 1, damping: 1, itemBias: new Float32Array(n), neighbors: emptyCsr(n, n) }
  if (stages.has('predictor')) {
    progress('predictor', 0, 1)
    predictor = trainRatingPredictor(sampled, config.predictor, config.factors)
    progress('predictor', 1, 1)
  }

  const genreRows: number[] = []
  const genreCols: number[] = []
  data.content.forEach((item, index) => {
    for (const genre of item.genres) {
      genreRows.push(index)
      genreCols.push(genre)
    }
  })
  const maxGenre = genreCols.reduce((max, id) => Math.max(max, id), 0)

  return {
    meta: {
      version: '',
      createdAt: new Date().toISOString(),
      engine: config.engine,
      users: data.userIds.length,
      items: n,
      ratings: data.ratingValue.length,
      trainingMs: Math.round(performance.now() - started),
      config,
    },
    itemIds: data.itemIds,
    titles: data.titles,
    years: data.years,
    flags: data.flags,
    itemGenres: csrFromCoo(n, maxGenre + 1, genreRows, genreCols, genreRows.map(() => 1)),
    genreNames: data.genreNames,
    popularity,
    knn,
    ease,
    rp3beta,
    als,
    sequence,
    content,
    predictor,
  }
}
