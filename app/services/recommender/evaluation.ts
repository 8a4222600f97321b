import {
  LIKED_THRESHOLD,
  ratingsOfUser,
  splitBy,
  temporalSplit,
  userOffsets,
  withoutUsers,
  type Rating,
  type SplitRule,
  type TrainingData,
} from '#services/recommender/dataset'
import { STAGES, trainBundle, type ProgressReporter } from '#services/recommender/trainer'
import type { TrainingConfig } from '#services/recommender/config'
import type { Engine } from '#services/recommender/bundle'
import { Ranker, type Candidate, type UserProfile } from '#services/recommender/ranker'
import { predictRating, userBiasOf } from '#services/recommender/models/rating_predictor'

export interface RankingMetrics {
  model: string
  description: string
  precision: number
  recall: number
  ndcg: number
  /** Share of the catalogue that appears in at least one top-k list. */
  coverage: number
  /** Mean self-information −log2(share of users who rated the item) of recommended items. */
  novelty: number
  users: number
  /** Mean time to rank one user, in ms. */
  msPerUser: number
}

export interface RmseRow {
  model: string
  rmse: number
  predictions: number
}

/** The figures of one hold-out rule. */
export interface SplitReport {
  rule: SplitRule
  users: number
  items: number
  trainRatings: number
  testRatings: number
  relevantTest: number
  trainingMs: { likedOnly: number; allRatings: number }
  ranking: RankingMetrics[]
  rmse: RmseRow[]
}

/** Users who rated only their first `ratings` movies: lists against their later likes. */
export interface ColdStartBucket {
  ratings: number
  users: number
  ranking: RankingMetrics[]
}

/**
 * The per-user rule's figures at the top level (as before), the global
 * rule's in `global`, the cold-start buckets in `coldStart`.
 */
export interface EvaluationReport extends SplitReport {
  k: number
  /** 'validation' when the figures come from the split carved out of the training part. */
  stage: 'test' | 'validation'
  global?: SplitReport
  coldStart?: ColdStartBucket[]
}

export interface EvaluateOptions {
  k?: number
  /** Evaluate only models whose name contains one of these. */
  only?: string[]
  progress?: (message: string, done: number, total: number) => void
  /** Hold-out rules to run (default both); the per-user rule always runs. */
  rules?: SplitRule[]
  /** Evaluate on a validation split carved from each rule's training part (for tuning). */
  validation?: boolean
  /** Profile sizes of the cold-start buckets (default 1, 3, 5; empty skips them). */
  coldStart?: number[]
}

type Recommender = (profile: UserProfile, k: number) => Candidate[]

/**
 * Offline evaluation under two temporal hold-out rules, each trained on
 * its own training part:
 * - per user: each user's last 20 % of ratings (by time) is hidden;
 * - global: every rating after one cut-off time (the newest 20 % overall)
 *   is hidden, for the users who rated before it.
 * Every model ranks the catalogue minus the user's training items; a
 * held-out rating >= 3.5 is a hit. Both positive definitions (likes only,
 * every rating) are trained so their difference shows. With `validation`
 * each rule is applied again to its own training part, so settings can be
 * tuned without looking at the test figures. Cold-start buckets follow
 * (see coldStartBuckets).
 */
export function evaluate(data: TrainingData, config: TrainingConfig, options: EvaluateOptions = {}): EvaluationReport {
  const k = options.k ?? 10
  const validation = options.validation ?? false
  const rules = options.rules ?? ['user', 'global']
  const report = options.progress ?? (() => {})
  const perUser = splitBy('user', data, validation)
  const user = evaluateSplit('user', perUser.train, perUser.test, config, { ...options, k, progress: prefixed(report, 'per user') })
  const global = rules.includes('global')
    ? (() => {
        const split = splitBy('global', data, validation)
        return evaluateSplit('global', split.train, split.test, config, { ...options, k, progress: prefixed(report, 'global') })
      })()
    : undefined
  const sizes = options.coldStart ?? [1, 3, 5]
  const coldStart = sizes.length
    ? coldStartBuckets(validation ? perUser.train : data, config, sizes, { ...options, k, progress: prefixed(report, 'cold start') })
    : undefined
  return { ...user, k, stage: validation ? 'validation' : 'test', global, coldStart }
}

function prefixed(report: NonNullable<EvaluateOptions['progress']>, label: string): EvaluateOptions['progress'] {
  return (message, done, total) => report(`${label}: ${message}`, done, total)
}

/** How many distinct training users rated each item (for novelty). */
function distinctRaters(train: TrainingData): Int32Array {
  const counts = new Int32Array(train.itemIds.length)
  const seen = new Set<number>()
  const n = train.itemIds.length
  for (let idx = 0; idx < train.ratingItem.length; idx++) {
    const key = train.ratingUser[idx] * n + train.ratingItem[idx]
    if (!seen.has(key)) {
      seen.add(key)
      counts[train.ratingItem[idx]]++
    }
  }
  return counts
}

interface NamedModel {
  name: string
  description: string
  run: Recommender
}

/**
 * P/R/NDCG@k, coverage and novelty of one model over `users`, whose relevant
 * items are their held-out likes.
 */
function rankingMetrics(
  model: NamedModel,
  users: number[],
  profiles: Map<number, UserProfile>,
  test: Map<number, Rating[]>,
  k: number,
  raters: Int32Array,
  userTotal: number,
  onUser: (position: number) => void = () => {}
): RankingMetrics {
  let precision = 0
  let recall = 0
  let ndcg = 0
  let novelty = 0
  let recommended = 0
  const covered = new Set<number>()
  let elapsed = 0
  // Warm-up (and lazy training) outside the timing.
  if (users.length) model.run(profiles.get(users[0])!, k)
  users.forEach((u, position) => {
    const relevant = new Set(test.get(u)!.filter((r) => r.rating >= LIKED_THRESHOLD).map((r) => r.item))
    const before = performance.now()
    const list = model.run(profiles.get(u)!, k)
    elapsed += performance.now() - before
    let hits = 0
    let dcg = 0
    list.forEach((candidate, rank) => {
      covered.add(candidate.item)
      novelty += -Math.log2(Math.max(1, raters[candidate.item]) / Math.max(1, userTotal))
      recommended++
      if (relevant.has(candidate.item)) {
        hits++
        dcg += 1 / Math.log2(rank + 2)
      }
    })
    let idcg = 0
    for (let rank = 0; rank < Math.min(k, relevant.size); rank++) idcg += 1 / Math.log2(rank + 2)
    precision += hits / k
    recall += hits / relevant.size
    ndcg += idcg > 0 ? dcg / idcg : 0
    onUser(position)
  })
  const count = users.length || 1
  return {
    model: model.name,
    description: model.description,
    precision: precision / count,
    recall: recall / count,
    ndcg: ndcg / count,
    coverage: covered.size / Math.max(1, raters.length),
    novelty: recommended ? novelty / recommended : 0,
    users: users.length,
    msPerUser: elapsed / count,
  }
}

/**
 * The profile of a user known only by their ratings, everything rated
 * excluded; `now` defaults to their latest rating (the hold-out point).
 */
export function profileOf(ratings: Rating[], now: number | undefined = ratings[ratings.length - 1]?.time): UserProfile {
  return { ratings, excluded: ratings.map((r) => r.item), genres: [], friends: [], showsAdult: true, teen: false, now }
}

/** Users with at least one held-out like: the only ones a list can be judged on. */
function judgedUsers(test: Map<number, Rating[]>): number[] {
  return [...test.keys()].filter((u) => test.get(u)!.some((r) => r.rating >= LIKED_THRESHOLD))
}

/** Every model of one hold-out, trained on `train`, judged on `test`. */
export function evaluateSplit(
  rule: SplitRule,
  train: TrainingData,
  test: Map<number, Rating[]>,
  config: TrainingConfig,
  options: EvaluateOptions = {}
): SplitReport {
  const k = options.k ?? 10
  const report = options.progress ?? (() => {})
  const offsets = userOffsets(train)
  const stageProgress = (label: string): ProgressReporter => (stage, done, total) =>
    report(`train ${label}: ${stage}`, done, total)

  // Trained on first use, and only the stages the selected models use.
  const selected = (name: string) => !options.only?.length || options.only.some((part) => name.includes(part))
  const uses = (models: string[]) => models.some(selected)
  const skip = STAGES.filter(
    (stage) =>
      !{
        popularity: true,
        item_knn: uses(['item_knn', 'because_you_liked']),
        ease: uses(['ease', 'for_you', 'ease_rp3beta']),
        rp3beta: uses(['rp3beta', 'for_you', 'ease_rp3beta']),
        als: uses(['als']),
        sequence: uses(['for_you', 'sequence']),
        content: uses(['content', 'for_you']),
        predictor: !options.only?.length || options.only.includes('rmse'),
      }[stage]
  )
  let likedMs = 0
  let allMs = 0
  let likedRanker: Ranker | undefined
  let allRanker: Ranker | undefined
  const liked = () => {
    if (!likedRanker) {
      const started = performance.now()
      likedRanker = new Ranker(trainBundle(train, { ...config, likedOnly: true }, stageProgress('liked only'), { allEngines: true, skip }))
      likedMs = performance.now() - started
    }
    return likedRanker
  }
  const all = () => {
    if (!allRanker) {
      const started = performance.now()
      allRanker = new Ranker(
        trainBundle(train, { ...config, likedOnly: false }, stageProgress('all ratings'), {
          allEngines: true,
          skip: [...skip, 'content', 'predictor'],
        })
      )
      allMs = performance.now() - started
    }
    return allRanker
  }

  const engineModel = (ranker: () => Ranker, engine: Engine, likedOnly: boolean): Recommender => (profile, n) =>
    ranker().collaborativeTop(profile, engine, n, likedOnly)
  const models: NamedModel[] = (
    [
    { name: 'for_you', description: `shipped hybrid (${config.engine} + content + genres, by likes)`, run: (p, n) => liked().forYou(p, n) },
    { name: 'ease', description: 'EASE, likes as positives', run: engineModel(liked, 'ease', true) },
    { name: 'ease_all', description: 'EASE, every rating a positive', run: engineModel(all, 'ease', false) },
    { name: 'rp3beta', description: 'RP3beta, likes', run: engineModel(liked, 'rp3beta', true) },
    { name: 'rp3beta_all', description: 'RP3beta, every rating', run: engineModel(all, 'rp3beta', false) },
    { name: 'item_knn', description: 'item-kNN cosine + shrinkage, likes', run: engineModel(liked, 'item_knn', true) },
    { name: 'item_knn_all', description: 'item-kNN, every rating', run: engineModel(all, 'item_knn', false) },
    { name: 'als', description: 'implicit ALS, likes', run: engineModel(liked, 'als', true) },
    { name: 'als_all', description: 'implicit ALS, every rating', run: engineModel(all, 'als', false) },
    { name: 'ease_rp3beta', description: 'EASE + RP3beta blend (collaborative only)', run: engineModel(liked, 'ease_rp3beta', true) },
    { name: 'content', description: 'TF-IDF content similarity to likes', run: (p, n) => liked().contentTop(p, n) },
    { name: 'because_you_liked', description: 'neighbours of the latest likes', run: (p, n) => liked().becauseYouLiked(p, n) },
    {
      name: 'popular_in_genres',
      description: 'popular in the genres of the likes',
      run: (p, n) => liked().popularInGenres(p, n),
    },
    { name: 'trending', description: 'likes decayed by age, as of the hold-out point', run: (p, n) => liked().trending(p, n) },
    {
      name: 'popular',
      description: 'global popularity, Bayesian prior',
      run: (p, n) => liked().popularInGenres({ ...p, ratings: [], genres: [] }, n),
    },
    ] satisfies NamedModel[]
  ).filter((model) => !options.only?.length || options.only.some((name) => model.name.includes(name)))

  const users = judgedUsers(test)
  const raters = distinctRaters(train)
  const profiles = new Map(users.map((u) => [u, profileOf(ratingsOfUser(train, offsets, u))]))
  const ranking = models.map((model, modelIndex) =>
    rankingMetrics(model, users, profiles, test, k, raters, train.userIds.length, (position) => {
      if (position % 50 === 0) report(`rank ${model.name} (${modelIndex + 1}/${models.length})`, position, users.length)
    })
  )

  return {
    rule,
    users: users.length,
    items: train.itemIds.length,
    trainRatings: train.ratingValue.length,
    testRatings: [...test.values()].reduce((sum, list) => sum + list.length, 0),
    relevantTest: [...test.values()].reduce((sum, list) => sum + list.filter((r) => r.rating >= LIKED_THRESHOLD).length, 0),
    trainingMs: { likedOnly: Math.round(likedMs), allRatings: Math.round(allMs) },
    ranking,
    rmse: options.only?.length && !options.only.includes('rmse') ? [] : ratingErrors(liked(), train, offsets, test),
  }
}

/** Every `COLD_USER_STRIDE`-th user (by index) is a cold-start user: a fixed, spread-out sample. */
const COLD_USER_STRIDE = 4

/**
 * Cold start: a fixed sample of users (every 4th with at least the largest
 * bucket's number of training ratings and a held-out like under the per-user
 * rule) is removed from training entirely; each is then folded in with only
 * their first n ratings, and the lists are judged on their held-out likes
 * (the same hold-out as the per-user rule). So a bucket measures what a new
 * member with n ratings gets, against popularity.
 */
export function coldStartBuckets(
  data: TrainingData,
  config: TrainingConfig,
  sizes: number[],
  options: EvaluateOptions = {}
): ColdStartBucket[] {
  const k = options.k ?? 10
  const { train, test } = temporalSplit(data)
  const offsets = userOffsets(train)
  const largest = Math.max(...sizes)
  const cold = judgedUsers(test).filter((u) => u % COLD_USER_STRIDE === 0 && offsets[u + 1] - offsets[u] >= largest)
  const coldSet = new Set(cold)
  const report = options.progress ?? (() => {})
  const ranker = new Ranker(
    trainBundle(withoutUsers(train, coldSet), { ...config, likedOnly: true }, (stage, done, total) => report(`train: ${stage}`, done, total), {
      allEngines: true,
      skip: ['als', 'predictor'],
    })
  )
  const raters = distinctRaters(withoutUsers(train, coldSet))
  const every: NamedModel[] = [
    { name: 'for_you', description: 'shipped hybrid', run: (p, n) => ranker.forYou(p, n) },
    { name: 'ease_rp3beta', description: 'EASE + RP3beta blend', run: (p, n) => ranker.collaborativeTop(p, 'ease_rp3beta', n, true) },
    { name: 'popular_in_genres', description: 'popular in the genres of the likes', run: (p, n) => ranker.popularInGenres(p, n) },
    {
      name: 'popular',
      description: 'global popularity, Bayesian prior',
      run: (p, n) => ranker.popularInGenres({ ...p, ratings: [], genres: [] }, n),
    },
  ]
  // Popularity is the yardstick of every bucket: always kept.
  const models = every.filter(
    (model) => model.name === 'popular' || !options.only?.length || options.only.some((name) => model.name.includes(name))
  )
  return sizes.map((size) => {
    const profiles = new Map(cold.map((u) => [u, profileOf(ratingsOfUser(train, offsets, u).slice(0, size))]))
    return {
      ratings: size,
      users: cold.length,
      ranking: models.map((model) => rankingMetrics(model, cold, profiles, test, k, raters, train.userIds.length)),
    }
  })
}

/** RMSE on every held-out rating: the shipped predictor against its own baselines. */
function ratingErrors(ranker: Ranker, train: TrainingData, offsets: Int32Array, test: Map<number, Rating[]>): RmseRow[] {
  const predictor = ranker.bundle.predictor
  const knnOnly = { ...predictor, factors: undefined }
  const errors = { mean: 0, biases: 0, knn: 0, full: 0 }
  let count = 0
  for (const [u, held] of test) {
    const ratings = ratingsOfUser(train, offsets, u)
    const byItem = new Map(ratings.map((r) => [r.item, r.rating]))
    const userBias = userBiasOf(predictor, ratings)
    for (const r of held) {
      const biasOnly = Math.min(5, Math.max(0.5, predictor.mean + userBias + predictor.itemBias[r.item]))
      const knn = predictRating(knnOnly, byItem, userBias, r.item)
      const full = predictRating(predictor, byItem, userBias, r.item)
      errors.mean += (predictor.mean - r.rating) ** 2
      errors.biases += (biasOnly - r.rating) ** 2
      errors.knn += (knn - r.rating) ** 2
      errors.full += (full - r.rating) ** 2
      count++
    }
  }
  const rmse = (sum: number) => Math.sqrt(sum / Math.max(1, count))
  return [
    { model: 'global mean', rmse: rmse(errors.mean), predictions: count },
    { model: 'user + item biases', rmse: rmse(errors.biases), predictions: count },
    { model: `biases + item-kNN${predictor.factors ? '' : ' (shipped)'}`, rmse: rmse(errors.knn), predictions: count },
    ...(predictor.factors
      ? [{ model: 'biases + item-kNN + SVD++ factors (shipped)', rmse: rmse(errors.full), predictions: count }]
      : []),
  ]
}
