import { CsrBuilder, csrFromCoo, topKOfTouched, type Csr } from '#services/recommender/sparse'
import { LIKED_THRESHOLD, type TrainingData } from '#services/recommender/dataset'
import { RowAccumulator } from '#services/recommender/models/item_item'

export interface SequenceOptions {
  /** How many of a user's next ratings each one votes for. */
  window: number
  /** Targets kept per source item. */
  neighbors: number
  /** Destination popularity discount: weights into j are divided by (j's ratings that vote)^beta. */
  beta: number
  /**
   * Absent or true: votes go between likes only. False (the shipped config, better on
   * validation): between any two ratings, since what people browse in a run says what comes next.
   */
  likedOnly?: boolean
}

/**
 * Item → what the same people rated next: for every user's ratings (or
 * likes) in time order, each votes for the `window` that follow it, weighted
 * 1/distance. People rate in runs (a franchise, a director, a decade), and
 * a temporal hold-out asks exactly "what comes next", which plain
 * co-occurrence (order-blind) answers less well. Destinations are
 * discounted by popularity (as RP3beta does) and each row keeps its top
 * `neighbors`. `data` must be grouped by user and time-ordered (sortRatings).
 */
export function trainSequence(data: TrainingData, options: SequenceOptions, onRow?: (row: number) => void): Csr {
  const n = data.itemIds.length
  const voters = new Int32Array(n)
  const threshold = options.likedOnly === false ? -Infinity : LIKED_THRESHOLD
  // Pairs counted first so the coordinates are typed arrays of the exact size.
  let pairs = 0
  let runStart = 0
  for (let k = 0; k <= data.ratingUser.length; k++) {
    if (k === data.ratingUser.length || data.ratingUser[k] !== data.ratingUser[runStart]) {
      let liked = 0
      for (let q = runStart; q < k; q++) if (data.ratingValue[q] >= threshold) liked++
      for (let t = 0; t < liked; t++) pairs += Math.min(options.window, liked - 1 - t)
      runStart = k
    }
  }
  const rows = new Int32Array(pairs)
  const cols = new Int32Array(pairs)
  const values = new Float32Array(pairs)
  const run: number[] = []
  let at = 0
  runStart = 0
  for (let k = 0; k <= data.ratingUser.length; k++) {
    if (k === data.ratingUser.length || data.ratingUser[k] !== data.ratingUser[runStart]) {
      run.length = 0
      for (let q = runStart; q < k; q++) if (data.ratingValue[q] >= threshold) run.push(data.ratingItem[q])
      for (let t = 0; t < run.length; t++) {
        voters[run[t]]++
        for (let d = 1; d <= options.window && t + d < run.length; d++) {
          rows[at] = run[t]
          cols[at] = run[t + d]
          values[at++] = 1 / d
        }
      }
      runStart = k
    }
  }
  const counts = csrFromCoo(n, n, rows, cols, values)
  const penalty = new Float64Array(n)
  for (let j = 0; j < n; j++) penalty[j] = voters[j] > 0 ? Math.pow(voters[j], -options.beta) : 0

  const acc = new RowAccumulator(n)
  const builder = new CsrBuilder(n, n, n * options.neighbors)
  const targets: number[] = []
  const weights: number[] = []
  for (let i = 0; i < n; i++) {
    targets.length = 0
    weights.length = 0
    const from = counts.indptr[i]
    const to = counts.indptr[i + 1]
    if (to > from) {
      // Row-normalised: a source's votes sum to 1 before the popularity discount.
      let total = 0
      for (let p = from; p < to; p++) total += counts.data[p]
      for (let p = from; p < to; p++) {
        const j = counts.indices[p]
        if (j !== i) acc.add(j, (counts.data[p] / total) * penalty[j])
      }
      for (const j of topKOfTouched(options.neighbors, acc.values, acc.touched, acc.count)) {
        if (acc.values[j] <= 0) continue
        targets.push(j)
        weights.push(acc.values[j])
      }
      acc.reset()
    }
    builder.pushRow(targets, weights)
    onRow?.(i)
  }
  return builder.finish()
}
