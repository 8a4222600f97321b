import type { EaseOptions } from '#services/recommender/models/ease'
import type { Rp3betaOptions } from '#services/recommender/models/rp3beta'
import type { ItemKnnOptions } from '#services/recommender/models/item_knn'
import type { AlsOptions } from '#services/recommender/models/als'
import type { ContentOptions } from '#services/recommender/models/content'
import type { FactorOptions, PredictorOptions } from '#services/recommender/models/rating_predictor'
import type { PopularityOptions } from '#services/recommender/models/popularity'
import { DEFAULT_FIELD_WEIGHTS } from '#services/recommender/models/content'
import type { SequenceOptions } from '#services/recommender/models/sequence'

/** The collaborative engines `for_you` can be served by. */
export const ENGINES = ['ease_rp3beta', 'ease', 'rp3beta', 'item_knn', 'als'] as const
export type Engine = (typeof ENGINES)[number]

/** How `for_you` mixes its sources; see Ranker.forYou. */
export interface BlendOptions {
  /** Share of EASE in the ease_rp3beta engine (the rest is RP3beta), after max-normalising each. */
  easeShare: number
  /**
   * Collaborative weight is likes/(likes + this): a user with this many
   * likes gets half collaborative, half content + popular-in-genre.
   */
  collaborativeHalfSaturation: number
  /** Collaborative scores are divided by (1 + likes of the item)^this: favours the long tail (coverage). */
  popularityDebias: number
  /**
   * Profile items are weighted 0.5^(age/halfLife), age counted in ratings
   * from the newest: recent taste counts more. 0 turns it off.
   */
  recencyHalfLife: number
  /** Floor of that weight, so old favourites never vanish. */
  recencyFloor: number
  /**
   * Profile weight of a rating for models trained on likes: (r − c)/(5 − c),
   * so low ratings count against their neighbours. 0 uses likes only, weight 1.
   */
  ratingCenter: number
  /**
   * Debiasing strength grows with the likes: likes/(likes + this) of
   * popularityDebias (0: full strength at once). Absent in older models.
   */
  debiasHalfSaturation?: number
  /**
   * Share of for_you's popularity source that is popular-in-your-genres;
   * the rest is global popularity (1: genres only). Absent in older models.
   */
  genrePopularShare?: number
  /**
   * Genres guessed from likes count likes/(likes + this) of genrePopularShare:
   * a user with one like gets mostly global popularity (0: no ramp).
   */
  genrePopularHalfSaturation?: number
  /** Share of the non-collaborative part of for_you that is content similarity (the rest popularity). */
  contentShare?: number
  /** Share of `for_you` given to what is trending (likes on the site, decayed by age). */
  trendingShare: number
  /** Half-life of a like in the trending score, in 30-day periods. */
  trendingHalfLife: number
  /** Share of `for_you` given to "what people liked next" after the user's latest likes (0: off). */
  sequenceShare?: number
  /** How many of the user's latest likes vote in that source (the newest weighing most). */
  sequenceRecent?: number
}

/**
 * What changes when the data is large (see planForSize): dense item-item
 * solvers and full co-occurrence products do not fit 2 cores × 10 minutes
 * × 4 GB at MovieLens-25M size.
 */
export interface ScaleOptions {
  /**
   * EASE needs a dense items × items (or users × users) matrix and its
   * inverse: 62k items are 15 GB in float32 and O(n³) work; even the dual
   * form writes a dense n-long column per item (O(n²)). EASE runs only when
   * min(items, users) is at most this and items at most 3× this; otherwise
   * RP3beta replaces it (and the ease_rp3beta blend).
   */
  easeMaxDimension: number
  /** From this many ratings on, the large-data plan applies (ALS off, history sampled). */
  largeRatings: number
  /**
   * In the large plan, only each user's most recent this-many ratings feed
   * the co-occurrence products (item-kNN, RP3beta, the predictor's
   * neighbours): Σ(ratings per user)² is what costs, and heavy users
   * dominate it while adding little per rating.
   */
  maxUserHistory: number
}

export interface TrainingConfig {
  /** Collaborative engine of `for_you`. */
  engine: Engine
  /** Only ratings >= 3.5 are positives of the collaborative models. */
  likedOnly: boolean
  ease: EaseOptions
  rp3beta: Rp3betaOptions
  itemKnn: ItemKnnOptions
  als: AlsOptions
  content: ContentOptions
  sequence: SequenceOptions
  predictor: PredictorOptions
  /** The rating predictor's SVD++-style factor term (factors=0 turns it off). */
  factors: FactorOptions
  popularity: PopularityOptions
  blend: BlendOptions
  scale: ScaleOptions
  /** Set by planForSize: why the configuration differs from the one asked for. */
  plan?: string[]
}

/**
 * Defaults tuned with `node ace recommender:evaluate` on ml-latest-small
 * (temporal 80/20 hold-out per user); see the issue note for the table.
 */
export const DEFAULT_CONFIG: TrainingConfig = {
  engine: 'ease',
  likedOnly: true,
  ease: { lambda: 150, neighbors: 200, solver: 'auto' },
  rp3beta: { alpha: 0.8, beta: 0.35, neighbors: 150 },
  itemKnn: { neighbors: 100, shrink: 10 },
  als: { factors: 32, iterations: 15, regularization: 0.05, alpha: 2, cgSteps: 3, seed: 42 },
  content: { neighbors: 50, castMembers: 5, fieldWeights: DEFAULT_FIELD_WEIGHTS },
  sequence: { window: 10, neighbors: 100, beta: 0.3, likedOnly: false },
  predictor: {
    itemRegularization: 3,
    userRegularization: 2,
    biasIterations: 10,
    neighbors: 50,
    shrink: 60,
    damping: 1,
    biasHalfLife: 30,
  },
  factors: { factors: 0, epochs: 20, learningRate: 0.005, regularization: 0.02, seed: 42 },
  popularity: { priorVotes: 10, qualityExponent: 2 },
  blend: {
    easeShare: 0.7,
    collaborativeHalfSaturation: 8,
    popularityDebias: 0.25,
    recencyHalfLife: 15,
    recencyFloor: 0.3,
    ratingCenter: 2.5,
    trendingShare: 0,
    trendingHalfLife: 6,
    debiasHalfSaturation: 5,
    genrePopularShare: 1,
    genrePopularHalfSaturation: 5,
    contentShare: 0.2,
    sequenceShare: 0.3,
    sequenceRecent: 5,
  },
  scale: { easeMaxDimension: 10_000, largeRatings: 5_000_000, maxUserHistory: 150 },
}

export function easeFitsSize(scale: ScaleOptions, size: { users: number; items: number }): boolean {
  return Math.min(size.items, size.users) <= scale.easeMaxDimension && size.items <= 3 * scale.easeMaxDimension
}

/**
 * The configuration to train with for data of this size: unchanged for
 * small data; for large data EASE gives way to RP3beta (its dense matrix
 * does not fit), ALS is skipped (CPU), and co-occurrences use each user's
 * recent history only. Idempotent; `plan` says what changed.
 */
export function planForSize(config: TrainingConfig, size: { users: number; items: number; ratings: number }): TrainingConfig {
  if (config.plan) return config
  const scale = { ...DEFAULT_CONFIG.scale, ...config.scale }
  const plan: string[] = []
  const out: TrainingConfig = { ...config, scale }
  const easeFits = easeFitsSize(scale, size)
  if (!easeFits && (config.engine === 'ease' || config.engine === 'ease_rp3beta')) {
    out.engine = 'rp3beta'
    plan.push(`engine ${config.engine} → rp3beta: EASE needs dense ${size.items}-long columns and a ${Math.min(size.items, size.users)}² inverse`)
  }
  if (size.ratings >= scale.largeRatings) {
    if (out.engine === 'als') {
      out.engine = 'rp3beta'
      plan.push('engine als → rp3beta: ALS sweeps do not fit the time budget')
    }
    plan.push(`co-occurrences from each user's latest ${scale.maxUserHistory} ratings`)
    if ((config.blend.sequenceShare ?? 0) > 0 && (config.sequence?.window ?? 0) > 2) {
      // Pairs grow with ratings × window: keep the sequence part's coordinates in memory budget.
      out.sequence = { ...DEFAULT_CONFIG.sequence, ...config.sequence, window: 2 }
      plan.push('sequence window → 2 (memory)')
    }
  }
  out.plan = plan
  return out
}

export type ConfigOverrides = {
  [K in keyof TrainingConfig]?: TrainingConfig[K] extends object ? Partial<TrainingConfig[K]> : TrainingConfig[K]
}

export function resolveConfig(overrides: ConfigOverrides = {}): TrainingConfig {
  const merged = structuredClone(DEFAULT_CONFIG) as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue
    const current = merged[key]
    merged[key] =
      value && typeof value === 'object' && current && typeof current === 'object'
        ? { ...(current as object), ...(value as object) }
        : value
  }
  return merged as unknown as TrainingConfig
}
