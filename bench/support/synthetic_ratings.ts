import { seededRandom } from '#services/recommender/linalg'
import type { ItemContent, TrainingData } from '#services/recommender/dataset'

/**
 * A deterministic synthetic rating set with the shape of MovieLens (by
 * default ML-25M: 162,541 users, 62,423 movies, 25,000,095 ratings), for
 * training and serving at scale without importing anything:
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
 *   1996 and 2019, in time order (the arrays come out sorted by user, time).
 *
 * Same seed, same data: scale runs can be repeated and compared.
 */
export interface SyntheticOptions {
  users: number
  items: number
  ratings: number
  seed?: number
}

export const ML25M_SHAPE = { users: 162_541, items: 62_423, ratings: 25_000_095 } as const

const FACTORS = 8
const GENRES = 20
const MIN_RATINGS = 20
const MAX_RATINGS = 8_000

export function generateSynthetic(options: SyntheticOptions): TrainingData {
  const { users: m, items: n } = options
  const random = seededRandom(options.seed ?? 25)
  const gaussian = () => {
    const u = Math.max(1e-12, random())
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
  }

  // Genres with latent directions; an item's vector leans towards its genres'.
  const genreVectors = Float64Array.from({ length: GENRES * FACTORS }, () => gaussian())
  const itemVectors = new Float32Array(n * FACTORS)
  const itemBias = new Float32Array(n)
  const content: ItemContent[] = []
  for (let i = 0; i < n; i++) {
    const count = 1 + Math.floor(random() * 3)
    const genres = [...new Set(Array.from({ length: count }, () => Math.floor(random() * GENRES)))]
    for (let a = 0; a < FACTORS; a++) {
      let value = 0.6 * gaussian()
      for (const g of genres) value += genreVectors[g * FACTORS + a] / genres.length
      itemVectors[i * FACTORS + a] = value / Math.sqrt(FACTORS)
    }
    itemBias[i] = 0.35 * gaussian()
    content.push({ genres: genres.map((g) => g + 1), keywords: [], cast: [], directors: [], overview: null, tags: [], language: 'en' })
  }

  // Popularity: a random permutation of ranks, weight (rank + 10)^-1.05, sampled through a cumulative table.
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
    total += Math.pow(rankOf[i] + 10, -1.05)
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

  // Activity: log-normal scaled to the requested total, at least MIN_RATINGS.
  const raw = Float64Array.from({ length: m }, () => Math.exp(1.1 * gaussian()))
  const rawSum = raw.reduce((sum, value) => sum + value, 0)
  const spare = Math.max(0, options.ratings - m * MIN_RATINGS)
  const counts = Int32Array.from(raw, (value) =>
    Math.min(MAX_RATINGS, Math.min(n, MIN_RATINGS + Math.round((value / rawSum) * spare)))
  )
  const ratingTotal = counts.reduce((sum, value) => sum + value, 0)

  const ratingUser = new Int32Array(ratingTotal)
  const ratingItem = new Int32Array(ratingTotal)
  const ratingValue = new Float32Array(ratingTotal)
  const ratingTime = new Float64Array(ratingTotal)
  const start = Date.UTC(1996, 0, 1)
  const span = Date.UTC(2019, 10, 1) - start
  const userVector = new Float64Array(FACTORS)
  const taken = new Set<number>()
  let at = 0
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
      let affinity = 0
      for (let a = 0; a < FACTORS; a++) affinity += userVector[a] * itemVectors[i * FACTORS + a]
      // Users mostly watch what suits them: acceptance rises with affinity.
      if (random() > 1 / (1 + Math.exp(-2 * affinity)) && tries < wanted * 20) continue
      taken.add(i)
    }
    const picked = [...taken]
    const times = Float64Array.from(picked, () => first + random() * window).sort()
    picked.forEach((i, k) => {
      let affinity = 0
      for (let a = 0; a < FACTORS; a++) affinity += userVector[a] * itemVectors[i * FACTORS + a]
      const value = 3.5 + userBias + itemBias[i] + 0.8 * affinity + 0.6 * gaussian()
      ratingUser[at] = u
      ratingItem[at] = i
      ratingValue[at] = Math.min(5, Math.max(0.5, Math.round(value * 2) / 2))
      ratingTime[at] = Math.round(times[k])
      at++
    })
  }

  return {
    userIds: Int32Array.from({ length: m }, (_, u) => u + 1),
    itemIds: Int32Array.from({ length: n }, (_, i) => i + 1),
    ratingUser,
    ratingItem,
    ratingValue,
    ratingTime,
    titles: Array.from({ length: n }, (_, i) => `Synthetic ${i + 1}`),
    years: Int32Array.from({ length: n }, (_, i) => 1930 + (i % 90)),
    flags: new Uint8Array(n),
    tmdbPopularity: Float32Array.from(rankOf, (rank) => 1000 / (rank + 10)),
    genreNames: Array.from({ length: GENRES }, (_, g) => [g + 1, `Genre ${g + 1}`] as [number, string]),
    content,
  }
}
