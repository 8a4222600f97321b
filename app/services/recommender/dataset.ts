import { csrFromCoo, type Csr } from '#services/recommender/sparse'

/** A "liked" movie is one rated >= 3.5 (API.md). */
export const LIKED_THRESHOLD = 3.5

/** Flags of an item (bit set), copied from the catalogue at training time. */
export const ITEM_ADULT = 1
export const ITEM_ABOVE_TEEN = 2
export const ITEM_HIDDEN = 4

export interface PersonRef {
  id: number
  name: string
}

/** Raw content of one movie, turned into TF-IDF terms by the content model. */
export interface ItemContent {
  genres: number[]
  keywords: string[]
  cast: PersonRef[]
  directors: PersonRef[]
  overview: string | null
  tags: string[]
  language: string | null
}

/**
 * Everything training reads from the database, as plain typed arrays and
 * strings so it can be handed to a worker thread. Item and user *indexes*
 * (0..n-1) are positions in `itemIds` / `userIds`.
 */
export interface TrainingData {
  userIds: Int32Array
  itemIds: Int32Array
  /** One entry per rating, grouped by user and ordered by time within a user. */
  ratingUser: Int32Array
  ratingItem: Int32Array
  ratingValue: Float32Array
  /** Epoch milliseconds. */
  ratingTime: Float64Array
  titles: string[]
  years: Int32Array
  flags: Uint8Array
  /** TMDB popularity (0 when unknown): a tie-breaker for titles nobody rated yet. */
  tmdbPopularity: Float32Array
  genreNames: [number, string][]
  content: ItemContent[]
}

export interface Rating {
  item: number
  rating: number
  time: number
}

/** Groups ratings per user (CSR-like offsets into the rating arrays, which are user-ordered). */
export function userOffsets(data: Pick<TrainingData, 'ratingUser' | 'userIds'>): Int32Array {
  const offsets = new Int32Array(data.userIds.length + 1)
  for (let k = 0; k < data.ratingUser.length; k++) offsets[data.ratingUser[k] + 1]++
  for (let u = 0; u < data.userIds.length; u++) offsets[u + 1] += offsets[u]
  return offsets
}

/**
 * Sorts the rating arrays by (user, time, item) so per-user slices are in
 * time order: the temporal hold-out and recency weights rely on it.
 */
export function sortRatings(data: TrainingData): TrainingData {
  if (isSorted(data)) return data
  const order = Array.from({ length: data.ratingUser.length }, (_, k) => k).sort(
    (a, b) =>
      data.ratingUser[a] - data.ratingUser[b] ||
      data.ratingTime[a] - data.ratingTime[b] ||
      data.ratingItem[a] - data.ratingItem[b]
  )
  return {
    ...data,
    ratingUser: Int32Array.from(order, (k) => data.ratingUser[k]),
    ratingItem: Int32Array.from(order, (k) => data.ratingItem[k]),
    ratingValue: Float32Array.from(order, (k) => data.ratingValue[k]),
    ratingTime: Float64Array.from(order, (k) => data.ratingTime[k]),
  }
}

/** True when the ratings already are in (user, time, item) order: large data sets skip the sort. */
function isSorted(data: TrainingData): boolean {
  for (let k = 1; k < data.ratingUser.length; k++) {
    const user = data.ratingUser[k] - data.ratingUser[k - 1]
    if (user > 0) continue
    if (user < 0) return false
    const time = data.ratingTime[k] - data.ratingTime[k - 1]
    if (time < 0 || (time === 0 && data.ratingItem[k] < data.ratingItem[k - 1])) return false
  }
  return true
}

/** How interactions become the implicit-feedback matrix of the collaborative models. */
export interface InteractionOptions {
  /** Only ratings >= 3.5 count as positives (else every rating does). */
  likedOnly: boolean
}

/**
 * The users × items matrix of positives (weight 1). Ratings below the
 * threshold are dropped when `likedOnly`: a 1-star rating says the user saw
 * the movie, not that they want more like it.
 */
export function interactionMatrix(data: TrainingData, options: InteractionOptions): Csr {
  // Typed arrays, not number[]: at 25M ratings boxed arrays cost gigabytes.
  let count = 0
  for (let k = 0; k < data.ratingUser.length; k++) if (!options.likedOnly || data.ratingValue[k] >= LIKED_THRESHOLD) count++
  const rows = new Int32Array(count)
  const cols = new Int32Array(count)
  let at = 0
  for (let k = 0; k < data.ratingUser.length; k++) {
    if (options.likedOnly && data.ratingValue[k] < LIKED_THRESHOLD) continue
    rows[at] = data.ratingUser[k]
    cols[at++] = data.ratingItem[k]
  }
  return csrFromCoo(data.userIds.length, data.itemIds.length, rows, cols, new Float32Array(count).fill(1))
}

/** A user's ratings as the serving code sees them (time ordered). */
export function ratingsOfUser(data: TrainingData, offsets: Int32Array, user: number): Rating[] {
  const out: Rating[] = []
  for (let k = offsets[user]; k < offsets[user + 1]; k++) {
    out.push({ item: data.ratingItem[k], rating: data.ratingValue[k], time: data.ratingTime[k] })
  }
  return out
}

export interface TemporalSplit {
  train: TrainingData
  /** Held-out ratings per user index (the last 20 % by time). */
  test: Map<number, Rating[]>
}

/**
 * Per-user temporal hold-out: each user's last `fraction` of ratings (by
 * time, ties by movie) is the test set, the rest trains. Users keep at
 * least one training rating.
 */
export function temporalSplit(data: TrainingData, fraction = 0.2): TemporalSplit {
  const sorted = sortRatings(data)
  const offsets = userOffsets(sorted)
  const keep: number[] = []
  const test = new Map<number, Rating[]>()
  for (let u = 0; u < sorted.userIds.length; u++) {
    const start = offsets[u]
    const count = offsets[u + 1] - start
    if (!count) continue
    const trainCount = Math.max(1, Math.floor(count * (1 - fraction)))
    for (let k = start; k < start + trainCount; k++) keep.push(k)
    const held: Rating[] = []
    for (let k = start + trainCount; k < start + count; k++) {
      held.push({ item: sorted.ratingItem[k], rating: sorted.ratingValue[k], time: sorted.ratingTime[k] })
    }
    if (held.length) test.set(u, held)
  }
  return { train: subset(sorted, keep), test }
}

/** Keeps the rating positions `keep` (ascending) of a user-ordered data set. */
function subset(data: TrainingData, keep: ArrayLike<number>): TrainingData {
  return {
    ...data,
    ratingUser: Int32Array.from({ length: keep.length }, (_, k) => data.ratingUser[keep[k]]),
    ratingItem: Int32Array.from({ length: keep.length }, (_, k) => data.ratingItem[keep[k]]),
    ratingValue: Float32Array.from({ length: keep.length }, (_, k) => data.ratingValue[keep[k]]),
    ratingTime: Float64Array.from({ length: keep.length }, (_, k) => data.ratingTime[keep[k]]),
  }
}

/**
 * Global temporal hold-out: one cut-off time for everybody, chosen so the
 * newest `fraction` of all ratings is the test set (ratings at the cut-off
 * time itself are held out too). Only users with at least one rating before
 * the cut-off are tested: a user who arrived later is a cold-start case,
 * measured separately. Unlike the per-user rule, no rating from after the
 * cut-off (by anybody) trains, so the models cannot learn from the future.
 */
export function globalTemporalSplit(data: TrainingData, fraction = 0.2): TemporalSplit {
  const sorted = sortRatings(data)
  const count = sorted.ratingTime.length
  const times = Float64Array.from(sorted.ratingTime).sort()
  const cutoff = count ? times[Math.min(count - 1, Math.floor(count * (1 - fraction)))] : 0
  const keep: number[] = []
  const hasTrain = new Uint8Array(sorted.userIds.length)
  for (let k = 0; k < count; k++) {
    if (sorted.ratingTime[k] < cutoff) {
      keep.push(k)
      hasTrain[sorted.ratingUser[k]] = 1
    }
  }
  const test = new Map<number, Rating[]>()
  for (let k = 0; k < count; k++) {
    const u = sorted.ratingUser[k]
    if (sorted.ratingTime[k] < cutoff || !hasTrain[u]) continue
    const held = test.get(u) ?? []
    held.push({ item: sorted.ratingItem[k], rating: sorted.ratingValue[k], time: sorted.ratingTime[k] })
    test.set(u, held)
  }
  return { train: subset(sorted, keep), test }
}

/** The two hold-out rules of the offline evaluation. */
export const SPLIT_RULES = ['user', 'global'] as const
export type SplitRule = (typeof SPLIT_RULES)[number]

/**
 * The test split of a rule, or (`validation`) the same rule applied again
 * to its training part: tuning reads the validation figures, so the test
 * figures stay an honest estimate.
 */
export function splitBy(rule: SplitRule, data: TrainingData, validation = false, fraction = 0.2): TemporalSplit {
  const split = rule === 'user' ? temporalSplit : globalTemporalSplit
  const outer = split(data, fraction)
  return validation ? split(outer.train, fraction) : outer
}

/** Each user's latest `limit` ratings (data sorted by user and time). */
export function latestPerUser(data: TrainingData, limit: number): TrainingData {
  const offsets = userOffsets(data)
  let count = 0
  for (let u = 0; u < data.userIds.length; u++) count += Math.min(limit, offsets[u + 1] - offsets[u])
  if (count === data.ratingUser.length) return data
  const keep = new Int32Array(count)
  let at = 0
  for (let u = 0; u < data.userIds.length; u++) {
    for (let k = Math.max(offsets[u], offsets[u + 1] - limit); k < offsets[u + 1]; k++) keep[at++] = k
  }
  return subset(data, keep)
}

/** Drops every rating of the given users (they become unknown to the trained models). */
export function withoutUsers(data: TrainingData, users: ReadonlySet<number>): TrainingData {
  const keep: number[] = []
  for (let k = 0; k < data.ratingUser.length; k++) if (!users.has(data.ratingUser[k])) keep.push(k)
  return subset(data, keep)
}

/** Number of ratings per item. */
export function itemCounts(data: TrainingData, likedOnly = false): Int32Array {
  const counts = new Int32Array(data.itemIds.length)
  for (let k = 0; k < data.ratingItem.length; k++) {
    if (likedOnly && data.ratingValue[k] < LIKED_THRESHOLD) continue
    counts[data.ratingItem[k]]++
  }
  return counts
}
