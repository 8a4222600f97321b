import type { ItemContent, TrainingData } from '#services/recommender/dataset'
import { resolveConfig, type ConfigOverrides, type TrainingConfig } from '#services/recommender/config'

/**
 * A small hand-made world where the right answers are known:
 *
 * - movies 0–3 are science fiction by director 1 ("cluster A"), 4–7 romance
 *   by director 2 ("cluster B"); 8 is a comedy nobody rated;
 * - users 0–5 and 12 like cluster A (every one of them likes movie 2, the
 *   most popular), users 6–11 like cluster B, and both groups rate the
 *   other cluster low;
 * - item ids are 101..109 so indexes and ids never coincide by accident.
 */
export const SCIFI = 878
export const ROMANCE = 10749
export const COMEDY = 35

const A = [0, 1, 2, 3]
const B = [4, 5, 6, 7]

export interface WorldRating {
  user: number
  item: number
  rating: number
}

export function worldRatings(): WorldRating[] {
  const out: WorldRating[] = []
  const fan = (user: number, liked: number[], other: number[]) => {
    for (const item of liked) out.push({ user, item, rating: item === liked[0] ? 5 : 4.5 })
    out.push({ user, item: other[user % other.length], rating: 1.5 })
  }
  // Cluster A fans: each leaves one A movie out (never movie 2), so co-liking is informative.
  fan(0, [2, 0, 1, 3], B)
  fan(1, [2, 0, 1], B)
  fan(2, [2, 1, 3], B)
  fan(3, [2, 0, 3], B)
  fan(4, [2, 0, 1, 3], B)
  fan(5, [2, 1, 0], B)
  // One more A fan makes movie 2 the single most liked movie.
  fan(12, [2, 3], B)
  // Cluster B fans.
  fan(6, [6, 4, 5, 7], A)
  fan(7, [6, 4, 5], A)
  fan(8, [6, 5, 7], A)
  fan(9, [6, 4, 7], A)
  fan(10, [6, 4, 5, 7], A)
  fan(11, [6, 5, 4], A)
  return out
}

function content(genre: number, director: number, keywords: string[], overview: string): ItemContent {
  return {
    genres: [genre],
    keywords,
    cast: [],
    directors: [{ id: director, name: `Director ${director}` }],
    overview,
    tags: [],
    language: 'en',
  }
}

export function world(ratings: WorldRating[] = worldRatings()): TrainingData {
  const users = [...new Set(ratings.map((r) => r.user))].sort((a, b) => a - b)
  const userIndex = new Map(users.map((u, index) => [u, index]))
  const contents: ItemContent[] = [
    ...A.map((i) => content(SCIFI, 1, ['space', 'robot'], `A starship crew meets a robot in deep space, mission ${i}.`)),
    ...B.map((i) => content(ROMANCE, 2, ['love', 'wedding'], `Two strangers fall in love before a wedding, chapter ${i}.`)),
    content(COMEDY, 3, ['office'], 'An office party goes wrong.'),
  ]
  return {
    userIds: Int32Array.from(users, (u) => 1000 + u),
    itemIds: Int32Array.from({ length: 9 }, (_, i) => 101 + i),
    ratingUser: Int32Array.from(ratings, (r) => userIndex.get(r.user)!),
    ratingItem: Int32Array.from(ratings, (r) => r.item),
    ratingValue: Float32Array.from(ratings, (r) => r.rating),
    // One rating a day per user, in list order.
    ratingTime: Float64Array.from(ratings, (_, k) => Date.UTC(2020, 0, 1) + k * 86_400_000),
    titles: Array.from({ length: 9 }, (_, i) => `Movie ${i}`),
    years: Int32Array.from({ length: 9 }, () => 2000),
    flags: new Uint8Array(9),
    tmdbPopularity: Float32Array.from({ length: 9 }, (_, i) => (i === 8 ? 50 : 1)),
    genreNames: [
      [SCIFI, 'Science Fiction'],
      [ROMANCE, 'Romance'],
      [COMEDY, 'Comedy'],
    ],
    content: contents,
  }
}

/** Settings sized for nine movies (no pruning or debiasing, two factors, little shrinkage). */
export function smallConfig(overrides: ConfigOverrides = {}): TrainingConfig {
  return resolveConfig({
    ...overrides,
    ease: { lambda: 5, neighbors: 20, solver: 'auto', ...overrides.ease },
    rp3beta: { alpha: 1, beta: 0.3, neighbors: 20, ...overrides.rp3beta },
    itemKnn: { neighbors: 20, shrink: 1, ...overrides.itemKnn },
    als: { factors: 2, iterations: 15, regularization: 1, alpha: 5, cgSteps: 3, seed: 7, ...overrides.als },
    predictor: { ...resolveConfig().predictor, shrink: 2, damping: 0.1, ...overrides.predictor },
    content: { ...resolveConfig().content, neighbors: 8, ...overrides.content },
    blend: { ...resolveConfig().blend, popularityDebias: 0, recencyHalfLife: 0, ...overrides.blend },
  })
}
