// Relative, not #services: `node bench/generate_movielens.ts` runs without a loader for the aliases.
import { seededRandom } from '../../app/services/recommender/linalg.ts'
import type { ItemContent, TrainingData } from '#services/recommender/dataset'

/**
 * The one synthetic MovieLens generator: a deterministic rating set with the
 * shape of MovieLens (by default ML-25M: 162,541 users, 62,423 movies,
 * 25,000,095 ratings), for training and serving at scale without importing
 * anything (`generateSynthetic`, bench/recommender_scale.ts) and for
 * MovieLens-format CSVs to import (`syntheticMovieLens`,
 * bench/generate_movielens.ts):
 *
 * - item popularity follows a power law (Zipf-like, exponent ~1.05), so a
 *   few thousand titles carry most ratings and a long tail is rated a
 *   handful of times, as in MovieLens;
 * - user activity is heavy-tailed too (at least 20 ratings, like ML; a
 *   log-normal whose mean matches ratings/users, capped at 8,000);
 * - taste has latent-factor structure: users and items have 8-dimensional
 *   vectors (items' tied to their 1–3 genres), a user's pick among popular
 *   candidates is accepted with probability rising with their affinity, and
 *   the rating is mean + biases + affinity + noise on the half-star scale;
 * - each user's ratings are spread over a personal time window between
 *   1996 and 2019, in time order.
 *
 * Same options, same data: scale runs can be repeated and compared. Users
 * come one at a time, so a writer can stream 25M ratings.
 */
export interface SyntheticOptions {
  users: number
  items: number
  /** The ratings wanted: about that many (each user's share is rounded), exactly that many with `exactTotal`. */
  ratings: number
  seed?: number
  /** Popularity weight of the item of rank r: (r + 10)^-exponent. */
  popularityExponent?: number
  minPerUser?: number
  maxPerUser?: number
  /** Spread the rounding leftovers so the total is exactly `ratings` (off by default: the in-memory sets predate it). */
  exactTotal?: boolean
}

export const ML25M_SHAPE = { users: 162_541, items: 62_423, ratings: 25_000_095 } as const

/** How many genres the items are drawn from (numbered 0..GENRE_COUNT - 1). */
export const GENRE_COUNT = 20
const FACTORS = 8

/** One user's ratings: item indexes in the order picked, values on the half-star scale, epoch ms in ascending order. */
export interface SyntheticUser {
  user: number
  items: number[]
  values: number[]
  times: number[]
}

export interface SyntheticSet {
  /** Each item's genres (0-based, 1 to 3 of them). */
  itemGenres: number[][]
  /** Each item's popularity rank (0 = the most popular). */
  rankOf: Int32Array
  /** How many ratings each user gets. */
  counts: Int32Array
  ratingTotal: number
  /** The users, in order; the generator can be walked once. */
  users: () => Generator<SyntheticUser>
}

export function syntheticMovieLens(options: SyntheticOptions): SyntheticSet {
  const { users: m, items: n } = options
  const exponent = options.popularityExponent ?? 1.05
  const minRatings = options.minPerUser ?? 20
  const maxRatings = options.maxPerUser ?? 8_000
  const random = seededRandom(options.seed ?? 25)
  const gaussian = () => {
    const u = Math.max(1e-12, random())
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
  }

  // Genres with latent directions; an item's vector leans towards its genres'.
  const genreVectors = Float64Array.from({ length: GENRE_COUNT * FACTORS }, () => gaussian())
  const itemVectors = new Float32Array(n * FACTORS)
  const itemBias = new Float32Array(n)
  const itemGenres: number[][] = []
  for (let i = 0; i < n; i++) {
    const count = 1 + Math.floor(random() * 3)
    const genres = [...new Set(Array.from({ length: count }, () => Math.floor(random() * GENRE_COUNT)))]
    for (let a = 0; a < FACTORS; a++) {
      let value = 0.6 * gaussian()
      for (const g of genres) value += genreVectors[g * FACTORS + a] / genres.length
      itemVectors[i * FACTORS + a] = value / Math.sqrt(FACTORS)
    }
    itemBias[i] = 0.35 * gaussian()
    itemGenres.push(genres)
  }

  // Popularity: a random permutation of ranks, weight (rank + 10)^-exponent, sampled through a cumulative table.
  const rankOf = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const swap = rankOf[i]
    rankOf[i] = rankOf[j]
    rankOf[j] = swap
  }
  const cumulative = new Float64Array(n)
  let total = 0
  for (let i = 0; i < n; i++) {
    total += Math.pow(rankOf[i] + 10, -exponent)
    cumulative[i] = total
  }
  const pickItem = () => {
    const target = random() * total
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid] < target) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  // Activity: log-normal scaled to the requested total, at least minRatings.
  const cap = Math.min(maxRatings, n)
  const raw = Float64Array.from({ length: m }, () => Math.exp(1.1 * gaussian()))
  const rawSum = raw.reduce((sum, value) => sum + value, 0)
  const spare = Math.max(0, options.ratings - m * minRatings)
  const counts = Int32Array.from(raw, (value) => Math.min(cap, minRatings + Math.round((value / rawSum) * spare)))
  let ratingTotal = counts.reduce((sum, value) => sum + value, 0)
  if (options.exactTotal) {
    if (options.ratings < m * Math.min(minRatings, cap) || options.ratings > m * cap) {
      throw new Error(`${options.ratings} ratings do not fit ${m} users rating ${minRatings} to ${cap} items each`)
    }
    // Rounding leftovers, one rating each, round-robin from the first user.
    for (let u = 0; ratingTotal < options.ratings; u = (u + 1) % m) {
      if (counts[u] < cap) {
        counts[u]++
        ratingTotal++
      }
    }
    for (let u = 0; ratingTotal > options.ratings; u = (u + 1) % m) {
      if (counts[u] > minRatings) {
        counts[u]--
        ratingTotal--
      }
    }
  }

  function* users(): Generator<SyntheticUser> {
    const start = Date.UTC(1996, 0, 1)
    const span = Date.UTC(2019, 10, 1) - start
    const userVector = new Float64Array(FACTORS)
    const taken = new Set<number>()
    const affinityOf = (i: number) => {
      let affinity = 0
      for (let a = 0; a < FACTORS; a++) affinity += userVector[a] * itemVectors[i * FACTORS + a]
      return affinity
    }
    for (let u = 0; u < m; u++) {
      for (let a = 0; a < FACTORS; a++) userVector[a] = gaussian()
      const userBias = 0.4 * gaussian()
      const first = start + random() * span * 0.9
      const window = Math.min(start + span - first, (0.02 + random() * 0.5) * span)
      taken.clear()
      const wanted = counts[u]
      let tries = 0
      while (taken.size < wanted) {
        const i = pickItem()
        tries++
        if (taken.has(i)) {
          // Heavy users exhaust the head: after many misses, walk to the next free title.
          if (tries > wanted * 20) {
            let j = i
            while (taken.has(j)) j = (j + 1) % n
            taken.add(j)
          }
          continue
        }
        // Users mostly watch what suits them: acceptance rises with affinity.
        if (random() > 1 / (1 + Math.exp(-2 * affinityOf(i))) && tries < wanted * 20) continue
        taken.add(i)
      }
      const items = [...taken]
      const times = Float64Array.from(items, () => first + random() * window).sort()
      const values = items.map((i) => {
        const value = 3.5 + userBias + itemBias[i] + 0.8 * affinityOf(i) + 0.6 * gaussian()
        return Math.min(5, Math.max(0.5, Math.round(value * 2) / 2))
      })
      yield { user: u, items, values, times: Array.from(times, Math.round) }
    }
  }

  return { itemGenres, rankOf, counts, ratingTotal, users }
}

/** The synthetic set in memory, as the recommender's trainer reads it. */
export function generateSynthetic(options: SyntheticOptions): TrainingData {
  const set = syntheticMovieLens(options)
  const n = options.items
  const ratingUser = new Int32Array(set.ratingTotal)
  const ratingItem = new Int32Array(set.ratingTotal)
  const ratingValue = new Float32Array(set.ratingTotal)
  const ratingTime = new Float64Array(set.ratingTotal)
  let at = 0
  for (const { user, items, values, times } of set.users()) {
    for (let k = 0; k < items.length; k++) {
      ratingUser[at] = user
      ratingItem[at] = items[k]
      ratingValue[at] = values[k]
      ratingTime[at] = times[k]
      at++
    }
  }
  const content: ItemContent[] = set.itemGenres.map((genres) => ({
    genres: genres.map((g) => g + 1),
    keywords: [],
    cast: [],
    directors: [],
    overview: null,
    tags: [],
    language: 'en',
  }))

  return {
    userIds: Int32Array.from({ length: options.users }, (_, u) => u + 1),
    itemIds: Int32Array.from({ length: n }, (_, i) => i + 1),
    ratingUser,
    ratingItem,
    ratingValue,
    ratingTime,
    titles: Array.from({ length: n }, (_, i) => `Synthetic ${i + 1}`),
    years: Int32Array.from({ length: n }, (_, i) => 1930 + (i % 90)),
    flags: new Uint8Array(n),
    tmdbPopularity: Float32Array.from(set.rankOf, (rank) => 1000 / (rank + 10)),
    genreNames: Array.from({ length: GENRE_COUNT }, (_, g) => [g + 1, `Genre ${g + 1}`] as [number, string]),
    content,
  }
}
