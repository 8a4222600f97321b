import { LIKED_THRESHOLD, ratingsOfUser, temporalSplit, userOffsets, type Rating, type TrainingData } from '#services/recommender/dataset'
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

export interface EvaluationReport {
  k: number
  users: number
  items: number
  trainRatings: number
  testRatings: number
  relevantTest: number
  trainingMs: { likedOnly: number; allRatings: number }
  ranking: RankingMetrics[]
  rmse: RmseRow[]
}

export interface EvaluateOptions {
  k?: number
  /** Evaluate only models whose name contains one of these. */
  only?: string[]
  progress?: (message: string, done: number, total: number) => void
}

type Recommender = (profile: UserProfile, k: number) => Candidate[]

/**
 * Offline evaluation on a per-user temporal hold-out: each user's last 20 %
 * of ratings (by time) is hidden, every model is trained on the rest and
 * ranks the catalogue minus the user's training items; a held-out rating
 * >= 3.5 is a hit. Both positive definitions (likes only, every rating) are
 * trained so their difference shows in the table.
 */
export function evaluate(data: TrainingData, config: TrainingConfig, options: EvaluateOptions = {}): EvaluationReport {
  const k = options.k ?? 10
  const report = options.progress ?? (() => {})
  const { train, test } = temporalSplit(data)
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
  const models: { name: string; description: string; run: Recommender }[] = (
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
    ] satisfies { name: string; description: string; run: Recommender }[]
  ).filter((model) => !options.only?.length || options.only.some((name) => model.name.includes(name)))

  const users = [...test.keys()].filter((u) => test.get(u)!.some((r) => r.rating >= LIKED_THRESHOLD))
  const userCounts = new Int32Array(train.itemIds.length)
  {
    const seen = new Set<string>()
    for (let idx = 0; idx < train.ratingItem.length; idx++) {
      const key = `${train.ratingUser[idx]}:${train.ratingItem[idx]}`
      if (!seen.has(key)) {
        seen.add(key)
        userCounts[train.ratingItem[idx]]++
      }
    }
  }
  const userTotal = train.userIds.length
  const profiles = new Map<number, UserProfile>()
  for (const u of users) {
    const ratings = ratingsOfUser(train, offsets, u)
    profiles.set(u, {
      ratings,
      excluded: ratings.map((r) => r.item),
      genres: [],
      friends: [],
      showsAdult: true,
      teen: false,
      now: ratings[ratings.length - 1]?.time,
    })
  }

  const ranking: RankingMetrics[] = models.map((model, modelIndex) => {
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
        novelty += -Math.log2(Math.max(1, userCounts[candidate.item]) / userTotal)
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
      if (position % 50 === 0) report(`rank ${model.name} (${modelIndex + 1}/${models.length})`, position, users.length)
    })
    const count = users.length || 1
    return {
      model: model.name,
      description: model.description,
      precision: precision / count,
      recall: recall / count,
      ndcg: ndcg / count,
      coverage: covered.size / train.itemIds.length,
      novelty: recommended ? novelty / recommended : 0,
      users: users.length,
      msPerUser: elapsed / count,
    }
  })

  return {
    k,
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

/** RMSE on every held-out rating: the shipped predictor against its own baselines. */
function ratingErrors(ranker: Ranker, train: TrainingData, offsets: Int32Array, test: Map<number, Rating[]>): RmseRow[] {
  const predictor = ranker.bundle.predictor
  const errors = { mean: 0, biases: 0, knn: 0 }
  let count = 0
  for (const [u, held] of test) {
    const ratings = ratingsOfUser(train, offsets, u)
    const byItem = new Map(ratings.map((r) => [r.item, r.rating]))
    const userBias = userBiasOf(predictor, ratings)
    for (const r of held) {
      const biasOnly = Math.min(5, Math.max(0.5, predictor.mean + userBias + predictor.itemBias[r.item]))
      const full = predictRating(predictor, byItem, userBias, r.item)
      errors.mean += (predictor.mean - r.rating) ** 2
      errors.biases += (biasOnly - r.rating) ** 2
      errors.knn += (full - r.rating) ** 2
      count++
    }
  }
  const rmse = (sum: number) => Math.sqrt(sum / Math.max(1, count))
  return [
    { model: 'global mean', rmse: rmse(errors.mean), predictions: count },
    { model: 'user + item biases', rmse: rmse(errors.biases), predictions: count },
    { model: 'biases + item-kNN (shipped)', rmse: rmse(errors.knn), predictions: count },
  ]
}
