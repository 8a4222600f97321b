import { topK, transpose, type Csr } from '#services/recommender/sparse'
import {
  ITEM_ABOVE_TEEN,
  ITEM_ADULT,
  ITEM_HIDDEN,
  LIKED_THRESHOLD,
  type Rating,
} from '#services/recommender/dataset'
import type { Engine, ModelBundle } from '#services/recommender/bundle'
import { foldInUser, scoreAls } from '#services/recommender/models/als'
import { predictRating, userBiasOf } from '#services/recommender/models/rating_predictor'
import { sharedTerms, TermField } from '#services/recommender/models/content'
import { PERIOD_MS } from '#services/recommender/models/popularity'

/** Why an item is recommended, before it is put into words (see describeReason). */
export type ReasonSpec =
  | { type: 'similar_to_liked'; baseline: number; shared?: string[] }
  | { type: 'liked_by_similar_users'; baseline?: number }
  | { type: 'popular_in_genre'; genre: number }
  | { type: 'friends_liked'; friends: string[]; count: number }
  | { type: 'trending' }

export interface Candidate {
  item: number
  /** 0–1. */
  score: number
  reason: ReasonSpec
}

/** A user's ratings prepared for predictions (Ranker.prepareUser). */
export interface PreparedUser {
  byItem: Map<number, number>
  /** Sum of rating − mean − item bias over byItem. */
  residualSum: number
}

/** A friend's taste, for friends_like: their ratings in item indexes. */
export interface FriendTaste {
  name: string
  ratings: Rating[]
}

/** What the ranker knows about the user at request time (read live). */
export interface UserProfile {
  /** Ratings of items the model knows, oldest first. */
  ratings: Rating[]
  /** Item indexes never to return: rated, logged, hidden, watchlisted. */
  excluded: Iterable<number>
  /** Genres picked at onboarding (genre ids). */
  genres: number[]
  friends: FriendTaste[]
  showsAdult: boolean
  teen: boolean
  /**
   * Request time (epoch ms; default now): titles released in a later year
   * are not out yet and are not recommended. The offline evaluation sets it
   * to the user's hold-out point.
   */
  now?: number
}

export const LIST_MODELS = ['for_you', 'because_you_liked', 'popular_in_your_genres', 'friends_like'] as const
export type ListModel = (typeof LIST_MODELS)[number]

interface Component {
  scores: Float64Array
  /** Per item: the profile item that contributed most, or -1. */
  source: Int32Array
  /** Per item: that contribution. */
  contribution: Float64Array
}

interface ForYouScratch {
  blocked: Uint8Array
  collaborative: Component
  content: Component
  sequence: Component
  popular: Float64Array
  popularGenre: Int32Array
  popularWeight: Float64Array
  final: Float64Array
  best: Uint8Array
}

/** A CF score must be mostly one liked movie's doing to be explained by it. */
const SINGLE_SOURCE_SHARE = 0.3
/** Seeds of because_you_liked: the most recent likes. */
const BECAUSE_SEEDS = 5

/**
 * Pure ranking over a loaded ModelBundle: no I/O, so serving and the
 * offline evaluation run exactly the same code. A user is "folded in" from
 * their current ratings at every call (item-based models need nothing
 * else), which is why a new rating counts at once without retraining.
 */
export class Ranker {
  readonly n: number
  readonly index = new Map<number, number>()
  readonly genreNames: Map<number, string>
  #knnWeights: Csr | null = null
  #genreItems: Csr | null = null
  readonly #likedOnly: boolean
  /** Per item: (1 + likes)^-δ, the popularity debiasing factor (computed once). */
  readonly #debiasFactor: Float32Array | null
  /** Per item: ln of that factor, so a partial strength is one exp, not a pow. */
  readonly #debiasLog: Float64Array | null
  /** What the maturity and release-year rules hide, per viewer class and year (never mutated). */
  readonly #baseMasks = new Map<string, Uint8Array>()
  /** Trending scores per period (they change once a period; never mutated by callers). */
  readonly #trendingByPeriod = new Map<number, Float64Array>()
  /**
   * forYou's per-call buffers, allocated once per ranker: scoring is
   * synchronous, so one set is never used by two calls at once, and a
   * request allocates nothing proportional to the catalogue.
   */
  #scratch: ForYouScratch | null = null

  constructor(readonly bundle: ModelBundle) {
    this.n = bundle.itemIds.length
    bundle.itemIds.forEach((id, index) => this.index.set(id, index))
    this.genreNames = new Map(bundle.genreNames)
    this.#likedOnly = bundle.meta.config.likedOnly
    const delta = bundle.meta.config.blend.popularityDebias
    const likes = bundle.popularity.likeCount
    this.#debiasFactor = delta ? Float32Array.from(likes, (count) => Math.pow(1 + count, -delta)) : null
    this.#debiasLog = this.#debiasFactor ? Float64Array.from(this.#debiasFactor, (factor) => Math.log(factor)) : null
  }

  /** Items the user must not see: excluded ones and what the maturity filter hides. */
  blockedMask(
    profile: Pick<UserProfile, 'excluded' | 'showsAdult' | 'teen' | 'now'>,
    into: Uint8Array = new Uint8Array(this.n)
  ): Uint8Array {
    into.set(this.#baseMask(profile.showsAdult, profile.teen, new Date(profile.now ?? Date.now()).getUTCFullYear()))
    for (const item of profile.excluded) if (item >= 0 && item < this.n) into[item] = 1
    return into
  }

  /** What the flags and the release year hide for one viewer class, computed once per class and year. */
  #baseMask(showsAdult: boolean, teen: boolean, currentYear: number): Uint8Array {
    const key = `${showsAdult ? 1 : 0}${teen ? 1 : 0}:${currentYear}`
    let mask = this.#baseMasks.get(key)
    if (mask) return mask
    mask = new Uint8Array(this.n)
    const flags = this.bundle.flags
    const years = this.bundle.years
    for (let i = 0; i < this.n; i++) {
      const f = flags[i]
      if (f & ITEM_HIDDEN || (f & ITEM_ADULT && !showsAdult) || (f & ITEM_ABOVE_TEEN && teen) || years[i] > currentYear) {
        mask[i] = 1
      }
    }
    // The offline evaluation asks for many years: keep the memo small.
    if (this.#baseMasks.size >= 16) this.#baseMasks.delete(this.#baseMasks.keys().next().value!)
    this.#baseMasks.set(key, mask)
    return mask
  }

  /**
   * The profile the item models score, oldest first. For models trained on
   * likes, every rating takes part with weight (r − c)/(5 − c): a 5 pulls
   * hard towards its neighbours, a 3.5 less, a 1 pushes away (negative);
   * `likesOnly` keeps only the likes (content, seeds). A model trained on
   * all ratings gets every rating at weight 1. Recent ratings count more
   * when a recency half-life is configured.
   */
  profileVector(ratings: readonly Rating[], likedOnly = this.#likedOnly, likesOnly = false) {
    const { recencyHalfLife, recencyFloor, ratingCenter } = this.bundle.meta.config.blend
    const signed = likedOnly && !likesOnly && ratingCenter > 0
    const chosen = signed || !likedOnly ? [...ratings] : ratings.filter((r) => r.rating >= LIKED_THRESHOLD)
    const items = new Int32Array(chosen.length)
    const weights = new Float64Array(chosen.length)
    // Only a like may be named as the reason ("Because you liked …"), whatever its weight.
    const liked = new Uint8Array(chosen.length)
    chosen.forEach((r, k) => {
      items[k] = r.item
      liked[k] = r.rating >= LIKED_THRESHOLD ? 1 : 0
      const age = chosen.length - 1 - k
      const recency = recencyHalfLife > 0 ? Math.max(recencyFloor, Math.pow(0.5, age / recencyHalfLife)) : 1
      weights[k] = signed ? (recency * (r.rating - ratingCenter)) / (5 - ratingCenter) : recency
    })
    return { items, weights, liked }
  }

  #component(): Component {
    return {
      scores: new Float64Array(this.n),
      source: new Int32Array(this.n).fill(-1),
      contribution: new Float64Array(this.n),
    }
  }

  /** A reused component, emptied. */
  #reset(component: Component): Component {
    component.scores.fill(0)
    component.source.fill(-1)
    component.contribution.fill(0)
    return component
  }

  #forYouScratch(): ForYouScratch {
    this.#scratch ??= {
      blocked: new Uint8Array(this.n),
      collaborative: this.#component(),
      content: this.#component(),
      sequence: this.#component(),
      popular: new Float64Array(this.n),
      popularGenre: new Int32Array(this.n),
      popularWeight: new Float64Array(this.n),
      final: new Float64Array(this.n),
      best: new Uint8Array(this.n),
    }
    return this.#scratch
  }

  /** Σ_i w_i·W[i, ·], remembering each target's strongest source. */
  #itemItem(weights: Csr, items: Int32Array, itemWeights: Float64Array, into: Component, liked?: Uint8Array) {
    const { scores, source, contribution } = into
    for (let k = 0; k < items.length; k++) {
      const item = items[k]
      const w = itemWeights[k]
      if (item >= weights.rows) continue
      const explains = !liked || liked[k] === 1
      for (let p = weights.indptr[item]; p < weights.indptr[item + 1]; p++) {
        const j = weights.indices[p]
        const value = w * weights.data[p]
        scores[j] += value
        if (explains && value > contribution[j]) {
          contribution[j] = value
          source[j] = item
        }
      }
    }
  }

  get knnWeights(): Csr {
    this.#knnWeights ??= transpose(this.bundle.knn)
    return this.#knnWeights
  }

  availableEngines(): Engine[] {
    const out: Engine[] = ['item_knn']
    if (this.bundle.ease) out.push('ease')
    if (this.bundle.rp3beta) out.push('rp3beta')
    if (this.bundle.ease && this.bundle.rp3beta) out.push('ease_rp3beta')
    if (this.bundle.als) out.push('als')
    return out
  }

  /** Raw collaborative scores of one engine for a profile, or null when the bundle lacks it. */
  collaborative(
    ratings: readonly Rating[],
    engine: Engine,
    likedOnly = this.#likedOnly,
    into?: Component
  ): Component | null {
    const { items, weights, liked } = this.profileVector(ratings, likedOnly)
    if (!weights.some((w) => w > 0)) return null
    const out = into ? this.#reset(into) : this.#component()
    const b = this.bundle
    switch (engine) {
      case 'ease':
        if (!b.ease) return null
        this.#itemItem(b.ease, items, weights, out, liked)
        break
      case 'rp3beta':
        if (!b.rp3beta) return null
        this.#itemItem(b.rp3beta, items, weights, out, liked)
        break
      case 'item_knn':
        this.#itemItem(this.knnWeights, items, weights, out, liked)
        break
      case 'als': {
        if (!b.als) return null
        // Confidence weights must stay positive: ALS folds in the likes only.
        const likes = this.profileVector(ratings, likedOnly, true)
        const user = foldInUser(b.als, likes.items, likes.weights)
        scoreAls(b.als, user, out.scores)
        break
      }
      case 'ease_rp3beta': {
        if (!b.ease || !b.rp3beta) return null
        // Max-normalise each engine over the catalogue, then mix.
        const ease = this.#component()
        this.#itemItem(b.ease, items, weights, ease, liked)
        const rp3 = this.#component()
        this.#itemItem(b.rp3beta, items, weights, rp3, liked)
        const share = b.meta.config.blend.easeShare
        const easeMax = maxOf(ease.scores)
        const rp3Max = maxOf(rp3.scores)
        for (let j = 0; j < this.n; j++) {
          const e = easeMax > 0 ? ease.scores[j] / easeMax : 0
          const r = rp3Max > 0 ? rp3.scores[j] / rp3Max : 0
          out.scores[j] = share * e + (1 - share) * r
          // Attribution follows EASE, whose weights are per source item.
          out.source[j] = ease.source[j]
          out.contribution[j] = easeMax > 0 ? (share * ease.contribution[j]) / easeMax : 0
        }
        break
      }
    }
    return out
  }

  /** Top-k of one collaborative engine with its reasons (evaluation and engine-specific serving). */
  collaborativeTop(profile: UserProfile, engine: Engine, k: number, likedOnly = this.#likedOnly): Candidate[] {
    const component = this.collaborative(profile.ratings, engine, likedOnly)
    if (!component) return []
    const blocked = this.blockedMask(profile)
    this.#debias(component)
    const max = maxOf(component.scores, blocked)
    return topK(k, this.n, (j) => component.scores[j], (j) => !blocked[j] && component.scores[j] > 0).map((j) => ({
      item: j,
      score: max > 0 ? component.scores[j] / max : 0,
      reason: this.#collaborativeReason(component, j),
    }))
  }

  /** Divides collaborative scores by item popularity^δ: the long tail gets a chance (coverage). */
  #debias(component: Component, likes?: number) {
    const factors = this.#debiasFactor
    const logs = this.#debiasLog
    if (!factors || !logs) return
    // Few likes say little about taste: debias in proportion, likes/(likes + h) of the full strength.
    const ramp = this.bundle.meta.config.blend.debiasHalfSaturation ?? 0
    const strength = likes !== undefined && ramp > 0 ? likes / (likes + ramp) : 1
    const { scores, contribution } = component
    for (let j = 0; j < this.n; j++) {
      if (scores[j] > 0) {
        const factor = strength === 1 ? factors[j] : Math.exp(strength * logs[j])
        scores[j] *= factor
        contribution[j] *= factor
      }
    }
  }

  #collaborativeReason(component: Component, item: number): ReasonSpec {
    const source = component.source[item]
    if (source >= 0 && component.contribution[item] >= SINGLE_SOURCE_SHARE * component.scores[item]) {
      return { type: 'similar_to_liked', baseline: source }
    }
    return { type: 'liked_by_similar_users' }
  }

  /** Content scores of a user: similarity of each item to the movies they liked. */
  contentScores(ratings: readonly Rating[], into?: Component): Component | null {
    const { items, weights } = this.profileVector(ratings, true, true)
    if (!items.length) return null
    const out = into ? this.#reset(into) : this.#component()
    this.#itemItem(this.bundle.content.neighbors, items, weights, out)
    return out
  }

  /**
   * "What people liked next" after the user's latest likes: the newest like
   * votes with weight 1, the one before with 1/2, … (blend.sequenceRecent
   * likes). Null when the model has no sequence part or the user no likes.
   */
  sequenceScores(ratings: readonly Rating[], into?: Component): Component | null {
    const matrix = this.bundle.sequence
    const recent = this.bundle.meta.config.blend.sequenceRecent ?? 5
    if (!matrix || recent <= 0) return null
    const likes = ratings.filter((r) => r.rating >= LIKED_THRESHOLD).slice(-recent)
    if (!likes.length) return null
    const items = new Int32Array(likes.length)
    const weights = new Float64Array(likes.length)
    likes.forEach((r, k) => {
      items[k] = r.item
      weights[k] = 1 / (likes.length - k)
    })
    const out = into ? this.#reset(into) : this.#component()
    this.#itemItem(matrix, items, weights, out)
    return out
  }

  contentTop(profile: UserProfile, k: number): Candidate[] {
    const component = this.contentScores(profile.ratings)
    if (!component) return []
    const blocked = this.blockedMask(profile)
    const max = maxOf(component.scores, blocked)
    return topK(k, this.n, (j) => component.scores[j], (j) => !blocked[j] && component.scores[j] > 0).map((j) => ({
      item: j,
      score: max > 0 ? component.scores[j] / max : 0,
      reason: { type: 'similar_to_liked', baseline: component.source[j] },
    }))
  }

  /**
   * Genre weights of a user: the onboarding genres when they picked some,
   * otherwise the genres of their likes (top three, by share of likes).
   */
  genreAffinity(profile: Pick<UserProfile, 'genres' | 'ratings'>): Map<number, number> {
    if (profile.genres.length) return new Map(profile.genres.map((genre) => [genre, 1]))
    const counts = new Map<number, number>()
    const g = this.bundle.itemGenres
    for (const r of profile.ratings) {
      if (r.rating < LIKED_THRESHOLD) continue
      for (let p = g.indptr[r.item]; p < g.indptr[r.item + 1]; p++) {
        counts.set(g.indices[p], (counts.get(g.indices[p]) ?? 0) + 1)
      }
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 3)
    const max = top[0]?.[1] ?? 0
    return new Map(top.map(([genre, count]) => [genre, count / max]))
  }

  /**
   * What is trending at `now`: likes per period up to now, halved every
   * `trendingHalfLife` periods, max-normalised (0–1). Only likes before now
   * count, so the offline evaluation cannot peek at the future.
   */
  trendingScores(now = Date.now()): Float64Array {
    const current = Math.floor(now / PERIOD_MS)
    const memo = this.#trendingByPeriod.get(current)
    if (memo) return memo
    const scores = this.#computeTrending(current)
    // The offline evaluation asks for many periods: keep the memo small.
    if (this.#trendingByPeriod.size >= 32) this.#trendingByPeriod.delete(this.#trendingByPeriod.keys().next().value!)
    this.#trendingByPeriod.set(current, scores)
    return scores
  }

  #computeTrending(current: number): Float64Array {
    const history = this.bundle.popularity.history
    const halfLife = this.bundle.meta.config.blend.trendingHalfLife
    const decay = new Float64Array(Math.max(0, Math.min(current, history.cols - 1)) + 1)
    for (let m = 0; m < decay.length; m++) decay[m] = Math.pow(0.5, (current - m) / halfLife)
    const scores = new Float64Array(this.n)
    let max = 0
    for (let j = 0; j < this.n; j++) {
      let sum = 0
      for (let p = history.indptr[j]; p < history.indptr[j + 1]; p++) {
        const period = history.indices[p]
        if (period <= current) sum += history.data[p] * decay[period]
      }
      scores[j] = sum
      if (sum > max) max = sum
    }
    if (max > 0) for (let j = 0; j < this.n; j++) scores[j] /= max
    return scores
  }

  trending(profile: UserProfile, k: number): Candidate[] {
    const blocked = this.blockedMask(profile)
    const scores = this.trendingScores(profile.now)
    return topK(k, this.n, (j) => scores[j], (j) => !blocked[j] && scores[j] > 0).map((j) => ({
      item: j,
      score: scores[j],
      reason: { type: 'trending' },
    }))
  }

  /** Popularity scores within the user's genres (global when they have none). */
  popularScores(
    profile: Pick<UserProfile, 'genres' | 'ratings'>,
    into?: { scores: Float64Array; genre: Int32Array; weight: Float64Array }
  ): { scores: Float64Array; genre: Int32Array } {
    const affinity = this.genreAffinity(profile)
    const popularity = this.bundle.popularity.score
    const scores = into?.scores ?? new Float64Array(this.n)
    const genre = into?.genre ?? new Int32Array(this.n)
    genre.fill(-1)
    if (!affinity.size) {
      scores.set(popularity)
      return { scores, genre }
    }
    scores.fill(0)
    // Only the items of the user's few genres are visited (genre → items), not the catalogue.
    // Per item: its best-weighted genre, the lowest id on ties (genres in ascending order, strict >).
    const byGenre = this.#itemsByGenre
    const best = into?.weight.fill(0) ?? new Float64Array(this.n)
    const genres = [...affinity].filter(([id, weight]) => id < byGenre.rows && weight > 0).sort((a, b) => a[0] - b[0])
    for (const [id, weight] of genres) {
      for (let p = byGenre.indptr[id]; p < byGenre.indptr[id + 1]; p++) {
        const j = byGenre.indices[p]
        if (weight > best[j]) {
          best[j] = weight
          genre[j] = id
          scores[j] = popularity[j] * weight
        }
      }
    }
    return { scores, genre }
  }

  get #itemsByGenre(): Csr {
    this.#genreItems ??= transpose(this.bundle.itemGenres)
    return this.#genreItems
  }

  popularInGenres(profile: UserProfile, k: number): Candidate[] {
    const blocked = this.blockedMask(profile)
    const { scores, genre } = this.popularScores(profile)
    const max = maxOf(scores, blocked)
    const picked = topK(k, this.n, (j) => scores[j], (j) => !blocked[j] && scores[j] > 0).map((j) => ({
      item: j,
      score: max > 0 ? scores[j] / max : 0,
      reason: genre[j] >= 0 ? ({ type: 'popular_in_genre', genre: genre[j] } as const) : ({ type: 'trending' } as const),
    }))
    // Never empty: top up from global popularity when the genres run dry.
    return picked.length < k ? this.#topUp(picked, blocked, k) : picked
  }

  #topUp(picked: Candidate[], blocked: Uint8Array, k: number): Candidate[] {
    const taken = new Set(picked.map((c) => c.item))
    const popularity = this.bundle.popularity.score
    const floor = picked.length ? Math.min(...picked.map((c) => c.score)) : 1
    const extra = topK(k - picked.length, this.n, (j) => popularity[j], (j) => !blocked[j] && !taken.has(j))
    const max = extra.length ? popularity[extra[0]] || 1 : 1
    return [
      ...picked,
      ...extra.map((j) => ({
        item: j,
        // Ranked below everything personal.
        score: Math.min(floor, 1) * 0.5 * (popularity[j] / max),
        reason: { type: 'trending' } as const,
      })),
    ]
  }

  /**
   * friends_like: what friends liked, each friend weighted by how much their
   * likes overlap the user's (shrunk cosine, with a floor so a friend with
   * no overlap yet still counts a little).
   */
  friendsLike(profile: UserProfile, k: number, blocked?: Uint8Array): Candidate[] {
    if (!profile.friends.length) return []
    const mine = new Set(profile.ratings.filter((r) => r.rating >= LIKED_THRESHOLD).map((r) => r.item))
    // Only what friends liked gets a score: a map of those, not an array over the catalogue.
    const scores = new Map<number, number>()
    const who = new Map<number, string[]>()
    let totalWeight = 0
    for (const friend of profile.friends) {
      const liked = friend.ratings.filter((r) => r.rating >= LIKED_THRESHOLD)
      if (!liked.length) continue
      let overlap = 0
      for (const r of liked) if (mine.has(r.item)) overlap++
      const similarity = 0.2 + 0.8 * (overlap / (Math.sqrt(liked.length * Math.max(1, mine.size)) + 2))
      totalWeight += similarity
      for (const r of liked) {
        scores.set(r.item, (scores.get(r.item) ?? 0) + similarity * (r.rating / 5))
        const names = who.get(r.item) ?? []
        names.push(friend.name)
        who.set(r.item, names)
      }
    }
    if (totalWeight === 0) return []
    const mask = blocked ?? this.blockedMask(profile)
    const items = Int32Array.from(scores.keys())
    const values = Float64Array.from(scores.values())
    return topK(k, items.length, (p) => values[p], (p) => !mask[items[p]] && values[p] > 0).map((p) => {
      const j = items[p]
      return {
        item: j,
        score: Math.min(1, values[p] / totalWeight),
        reason: { type: 'friends_liked', friends: who.get(j)!.slice(0, 2), count: who.get(j)!.length },
      }
    })
  }

  /**
   * because_you_liked: neighbours (co-liked, else content) of the user's
   * most recent likes, interleaved so every seed shows up.
   */
  becauseYouLiked(profile: UserProfile, k: number): Candidate[] {
    const blocked = this.blockedMask(profile)
    const likes = profile.ratings.filter((r) => r.rating >= LIKED_THRESHOLD)
    const seeds = likes.slice(-BECAUSE_SEEDS).reverse()
    const lists = seeds.map((seed) => {
      const neighbors = this.#neighborsOf(this.bundle.knn, seed.item)
      const source = neighbors.length ? neighbors : this.#neighborsOf(this.bundle.content.neighbors, seed.item)
      return source.map(([item, score]) => ({ item, score, seed: seed.item }))
    })
    const out: Candidate[] = []
    const taken = new Set<number>()
    for (let round = 0; out.length < k && lists.some((list) => round < list.length); round++) {
      for (const list of lists) {
        const entry = list[round]
        if (!entry || blocked[entry.item] || taken.has(entry.item)) continue
        taken.add(entry.item)
        out.push({ item: entry.item, score: Math.min(1, entry.score), reason: { type: 'similar_to_liked', baseline: entry.seed } })
        if (out.length >= k) break
      }
    }
    return out
  }

  #neighborsOf(matrix: Csr, item: number): [number, number][] {
    const out: [number, number][] = []
    for (let p = matrix.indptr[item]; p < matrix.indptr[item + 1]; p++) out.push([matrix.indices[p], matrix.data[p]])
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0])
  }

  /**
   * for_you: collaborative scores for users with enough likes, blended with
   * content similarity and popular-in-your-genres the fewer likes there are
   * (weight likes/(likes + c)), plus friends' likes when there are friends.
   * Each source is max-normalised first, so the blend stays in 0–1.
   */
  forYou(profile: UserProfile, k: number, engine: Engine = this.bundle.meta.engine): Candidate[] {
    const scratch = this.#forYouScratch()
    const blocked = this.blockedMask(profile, scratch.blocked)
    const likes = profile.ratings.filter((r) => r.rating >= LIKED_THRESHOLD).length
    const collaborative = likes
      ? this.collaborative(profile.ratings, engine, this.#likedOnly, scratch.collaborative)
      : null
    if (collaborative) this.#debias(collaborative, likes)
    const content = likes ? this.contentScores(profile.ratings, scratch.content) : null
    const sequenceShare = this.bundle.meta.config.blend.sequenceShare ?? 0
    const sequence = likes && sequenceShare > 0 ? this.sequenceScores(profile.ratings, scratch.sequence) : null
    const popular = this.popularScores(profile, {
      scores: scratch.popular,
      genre: scratch.popularGenre,
      weight: scratch.popularWeight,
    })
    // Part of the popularity source is global: genres guessed from a few likes are a weak filter,
    // the weaker the fewer likes (genres picked at onboarding are taken at their word).
    const { genrePopularShare = 1, genrePopularHalfSaturation = 0 } = this.bundle.meta.config.blend
    const genreShare =
      profile.genres.length || genrePopularHalfSaturation <= 0
        ? genrePopularShare
        : (genrePopularShare * likes) / (likes + genrePopularHalfSaturation)
    if (genreShare < 1) {
      const global = this.bundle.popularity.score
      for (let j = 0; j < this.n; j++) popular.scores[j] = genreShare * popular.scores[j] + (1 - genreShare) * global[j]
    }
    const friends = this.friendsLike(profile, 200, blocked)

    const blend = this.bundle.meta.config.blend
    const trending = blend.trendingShare > 0 ? this.trendingScores(profile.now) : null
    let wCf = collaborative ? likes / (likes + blend.collaborativeHalfSaturation) : 0
    let wContent = content ? (1 - wCf) * (blend.contentShare ?? 0.5) : 0
    let wPopular = 1 - wCf - wContent
    // Trending and friends take their share from every other source alike.
    const wTrending = trending ? blend.trendingShare : 0
    const wFriends = friends.length ? 0.15 : 0
    const wSequence = sequence ? sequenceShare : 0
    const rest = 1 - wTrending - wFriends - wSequence
    wCf *= rest
    wContent *= rest
    wPopular *= rest
    const cfMax = collaborative ? maxOf(collaborative.scores, blocked) : 0
    const contentMax = content ? maxOf(content.scores, blocked) : 0
    const popularMax = maxOf(popular.scores, blocked)
    const trendingMax = trending ? maxOf(trending, blocked) : 0
    const sequenceMax = sequence ? maxOf(sequence.scores, blocked) : 0
    const friendScore = new Map(friends.map((candidate) => [candidate.item, candidate]))

    const final = scratch.final.fill(0)
    // Which source contributed most to each item: it gives the reason.
    const best = scratch.best.fill(0)
    const cfScale = collaborative && cfMax > 0 ? wCf / cfMax : 0
    const contentScale = content && contentMax > 0 ? wContent / contentMax : 0
    const popularScale = popularMax > 0 ? wPopular / popularMax : 0
    const trendingScale = trending && trendingMax > 0 ? wTrending / trendingMax : 0
    const sequenceScale = sequence && sequenceMax > 0 ? wSequence / sequenceMax : 0
    for (let j = 0; j < this.n; j++) {
      if (blocked[j]) continue
      const cf = cfScale ? cfScale * Math.max(0, collaborative!.scores[j]) : 0
      const similar = contentScale ? contentScale * content!.scores[j] : 0
      const popularPart = popularScale * popular.scores[j]
      const friendPart = wFriends ? wFriends * (friendScore.get(j)?.score ?? 0) : 0
      const trendingPart = trendingScale ? trendingScale * trending![j] : 0
      const sequencePart = sequenceScale ? sequenceScale * sequence!.scores[j] : 0
      final[j] = cf + similar + popularPart + friendPart + trendingPart + sequencePart
      // The reason is the source that singles the item out most, each read against its own
      // scale (part / weight): a movie at the top of the user's collaborative list is explained
      // by a liked movie even while popularity still carries more weight for a new user.
      let top = 0
      let value = wCf ? cf / wCf : 0
      if (wContent && similar / wContent > value) (top = 1), (value = similar / wContent)
      if (wPopular && popularPart / wPopular > value) (top = 2), (value = popularPart / wPopular)
      if (wFriends && friendPart / wFriends > value) (top = 3), (value = friendPart / wFriends)
      if (wTrending && trendingPart / wTrending > value) (top = 4), (value = trendingPart / wTrending)
      if (wSequence && sequencePart / wSequence > value) top = 5
      best[j] = top
    }
    const picked = topK(k, this.n, (j) => final[j], (j) => !blocked[j] && final[j] > 0).map((j): Candidate => {
      let reason: ReasonSpec
      switch (best[j]) {
        case 0:
          reason = this.#collaborativeReason(collaborative!, j)
          break
        case 1:
          reason = { type: 'similar_to_liked', baseline: content!.source[j] }
          break
        case 3:
          reason = friendScore.get(j)!.reason
          break
        case 4:
          reason = { type: 'trending' }
          break
        case 5:
          // Only likes vote in the sequence source: the named movie is one the user liked.
          reason = { type: 'similar_to_liked', baseline: sequence!.source[j] }
          break
        default:
          reason = popular.genre[j] >= 0 ? { type: 'popular_in_genre', genre: popular.genre[j] } : { type: 'trending' }
      }
      return { item: j, score: Math.min(1, final[j]), reason }
    })
    return picked.length < k ? this.#topUp(picked, blocked, k) : picked
  }

  /** One of the four lists of /me/recommendations. */
  list(model: ListModel, profile: UserProfile, k: number): Candidate[] {
    switch (model) {
      case 'for_you':
        return this.forYou(profile, k)
      case 'because_you_liked':
        return this.becauseYouLiked(profile, k)
      case 'popular_in_your_genres':
        return this.popularInGenres(profile, k)
      case 'friends_like':
        return this.friendsLike(profile, k)
    }
  }

  /**
   * Movies most similar to `item` by content (ties broken by popularity),
   * with the shared features that make them similar; co-liked neighbours
   * when the movie has no content features.
   */
  similar(item: number, k: number, blocked?: Uint8Array): Candidate[] {
    let neighbors = this.#neighborsOf(this.bundle.content.neighbors, item)
    const fromContent = neighbors.length > 0
    if (!fromContent) neighbors = this.#neighborsOf(this.bundle.knn, item)
    const popularity = this.bundle.popularity.score
    return neighbors
      .filter(([j]) => !blocked?.[j] && j !== item)
      .map(([j, similarity]) => ({ j, similarity, rank: similarity * (0.9 + 0.1 * popularity[j]) }))
      .sort((a, b) => b.rank - a.rank || a.j - b.j)
      .slice(0, k)
      .map(({ j, similarity }) => ({
        item: j,
        score: Math.min(1, Math.max(0, similarity)),
        reason: fromContent
          ? { type: 'similar_to_liked', baseline: item, shared: this.#sharedLabels(item, j) }
          : { type: 'liked_by_similar_users', baseline: item },
      }))
  }

  #sharedLabels(a: number, b: number): string[] {
    const shared = sharedTerms(this.bundle.content, a, b)
    const out: string[] = []
    const director = shared.find((t) => t.field === TermField.Director)
    if (director) out.push(`directed by ${director.label}`)
    const cast = shared.filter((t) => t.field === TermField.Cast).slice(0, 2)
    if (cast.length) out.push(`with ${cast.map((t) => t.label).join(' and ')}`)
    const themes = shared.filter((t) => t.field === TermField.Keyword || t.field === TermField.Tag).slice(0, 2)
    if (themes.length) out.push(themes.map((t) => t.label).join(', '))
    const genres = shared.filter((t) => t.field === TermField.Genre).slice(0, 2)
    if (genres.length && out.length < 2) out.push(genres.map((t) => t.label).join(' and '))
    return out
  }

  /** "People who liked this also liked": co-liked neighbours (item-kNN on likes). */
  alsoLiked(item: number, k: number, blocked?: Uint8Array): Candidate[] {
    return this.#neighborsOf(this.bundle.knn, item)
      .filter(([j]) => !blocked?.[j] && j !== item)
      .slice(0, k)
      .map(([j, similarity]) => ({
        item: j,
        score: Math.min(1, Math.max(0, similarity)),
        reason: { type: 'liked_by_similar_users', baseline: item },
      }))
  }

  /** Predicted rating (0.5–5), or null when the model cannot tell. */
  /**
   * A user's ratings folded once into what `predictPrepared` needs, so a
   * prediction per movie detail allocates nothing (callers keep it with the
   * user's cached state).
   */
  prepareUser(ratings: readonly Rating[]): PreparedUser {
    const model = this.bundle.predictor
    const byItem = new Map<number, number>()
    let residualSum = 0
    for (const r of ratings) {
      byItem.set(r.item, r.rating)
      residualSum += r.rating - model.mean - model.itemBias[r.item]
    }
    return { byItem, residualSum }
  }

  /** Same result as `predict(ratings, item)` for the ratings `prepared` was made from. */
  predictPrepared(prepared: PreparedUser, item: number): number | null {
    if (item < 0 || item >= this.n) return null
    const model = this.bundle.predictor
    const own = prepared.byItem.get(item)
    // The item's own rating is left out, as in `predict`.
    const count = prepared.byItem.size - (own === undefined ? 0 : 1)
    if (!count && !this.bundle.popularity.ratingCount[item]) return null
    const residual = prepared.residualSum - (own === undefined ? 0 : own - model.mean - model.itemBias[item])
    return predictRating(model, prepared.byItem, residual / (model.userRegularization + count), item)
  }

  predict(ratings: readonly Rating[], item: number): number | null {
    if (item < 0 || item >= this.n) return null
    const model = this.bundle.predictor
    // Oldest first: the user bias weighs recent ratings more (callers may pass any order).
    const others = ratings.filter((r) => r.item !== item).sort((a, b) => a.time - b.time)
    const itemRatings = this.bundle.popularity.ratingCount[item]
    if (!others.length && !itemRatings) return null
    const byItem = new Map(others.map((r) => [r.item, r.rating]))
    return predictRating(model, byItem, userBiasOf(model, others), item)
  }
}

function maxOf(values: Float64Array, blocked?: Uint8Array): number {
  let max = 0
  for (let j = 0; j < values.length; j++) {
    if (blocked?.[j]) continue
    if (values[j] > max) max = values[j]
  }
  return max
}

/** Puts a reason into words for the API. */
export function describeReason(
  spec: ReasonSpec,
  titleOf: (item: number) => string,
  genreName: (genre: number) => string
): string {
  switch (spec.type) {
    case 'similar_to_liked':
      return spec.shared?.length
        ? `Like ${titleOf(spec.baseline)}: ${spec.shared.join('; ')}`
        : `Because you liked ${titleOf(spec.baseline)}`
    case 'liked_by_similar_users':
      return spec.baseline !== undefined
        ? `People who liked ${titleOf(spec.baseline)} also liked this`
        : 'Liked by members whose taste matches yours'
    case 'popular_in_genre':
      return `Popular in ${genreName(spec.genre)}`
    case 'friends_liked':
      return spec.count > spec.friends.length
        ? `Liked by ${spec.friends.join(', ')} and ${spec.count - spec.friends.length} more of your friends`
        : `Liked by ${spec.friends.join(' and ')}`
    case 'trending':
      return 'Popular on Marquee right now'
  }
}
