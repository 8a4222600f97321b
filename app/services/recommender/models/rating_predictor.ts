import { CsrBuilder, csrFromCoo, topK, transpose, type Csr } from '#services/recommender/sparse'
import type { Rating, TrainingData } from '#services/recommender/dataset'

export interface PredictorOptions {
  /** Bias shrinkage (Koren 2010): items with few ratings stay near the mean. */
  itemRegularization: number
  userRegularization: number
  biasIterations: number
  /** Neighbours kept per item for the residual kNN. */
  neighbors: number
  /** Similarity shrinkage by co-rating support: s · n/(n + shrink). */
  shrink: number
  /** Added to Σ|s| so a single weak neighbour cannot move the prediction far. */
  damping: number
}

export interface RatingPredictor {
  mean: number
  userRegularization: number
  damping: number
  itemBias: Float32Array
  /** Row i: items most (anti-)correlated with i on baseline residuals (shrunk Pearson). */
  neighbors: Csr
}

/**
 * Baseline-corrected item-kNN (Koren 2010, "global neighbourhood" without
 * learned weights): r̂ = μ + b_u + b_i + Σ_j s_ij·(r_uj − b_uj) / (Σ|s_ij| + d)
 * over the neighbours j of i that the user rated.
 */
export function trainRatingPredictor(data: TrainingData, options: PredictorOptions): RatingPredictor {
  const n = data.itemIds.length
  const m = data.userIds.length
  const count = data.ratingValue.length
  let mean = 0
  for (let k = 0; k < count; k++) mean += data.ratingValue[k]
  mean = count ? mean / count : 3.5

  const itemBias = new Float64Array(n)
  const userBias = new Float64Array(m)
  const itemSum = new Float64Array(n)
  const itemCount = new Float64Array(n)
  const userSum = new Float64Array(m)
  const userCount = new Float64Array(m)
  for (let iteration = 0; iteration < options.biasIterations; iteration++) {
    itemSum.fill(0)
    itemCount.fill(0)
    for (let k = 0; k < count; k++) {
      const i = data.ratingItem[k]
      itemSum[i] += data.ratingValue[k] - mean - userBias[data.ratingUser[k]]
      itemCount[i]++
    }
    for (let i = 0; i < n; i++) itemBias[i] = itemSum[i] / (options.itemRegularization + itemCount[i])
    userSum.fill(0)
    userCount.fill(0)
    for (let k = 0; k < count; k++) {
      const u = data.ratingUser[k]
      userSum[u] += data.ratingValue[k] - mean - itemBias[data.ratingItem[k]]
      userCount[u]++
    }
    for (let u = 0; u < m; u++) userBias[u] = userSum[u] / (options.userRegularization + userCount[u])
  }

  const residual = new Float64Array(count)
  for (let k = 0; k < count; k++) {
    residual[k] = data.ratingValue[k] - mean - userBias[data.ratingUser[k]] - itemBias[data.ratingItem[k]]
  }
  const byUser = csrFromCoo(m, n, data.ratingUser, data.ratingItem, residual)
  const byItem = transpose(byUser)

  const dot = new Float64Array(n)
  const squaresI = new Float64Array(n)
  const squaresJ = new Float64Array(n)
  const support = new Float64Array(n)
  const touched = new Int32Array(n)
  const seen = new Uint8Array(n)
  const similarity = new Float64Array(n)
  const builder = new CsrBuilder(n, n, n * options.neighbors)
  for (let i = 0; i < n; i++) {
    let touchedCount = 0
    for (let p = byItem.indptr[i]; p < byItem.indptr[i + 1]; p++) {
      const u = byItem.indices[p]
      const ei = byItem.data[p]
      for (let q = byUser.indptr[u]; q < byUser.indptr[u + 1]; q++) {
        const j = byUser.indices[q]
        if (j === i) continue
        const ej = byUser.data[q]
        if (!seen[j]) {
          seen[j] = 1
          touched[touchedCount++] = j
        }
        dot[j] += ei * ej
        squaresI[j] += ei * ei
        squaresJ[j] += ej * ej
        support[j]++
      }
    }
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t]
      const norm = Math.sqrt(squaresI[j] * squaresJ[j])
      similarity[j] = norm > 0 ? (dot[j] / norm) * (support[j] / (support[j] + options.shrink)) : 0
    }
    // Strongest by magnitude: a negative correlation is information too.
    const keep = topK(options.neighbors, touchedCount, (t) => Math.abs(similarity[touched[t]])).map((t) => touched[t])
    const kept = keep.filter((j) => similarity[j] !== 0)
    builder.pushRow(
      kept,
      kept.map((j) => similarity[j])
    )
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t]
      dot[j] = squaresI[j] = squaresJ[j] = support[j] = similarity[j] = 0
      seen[j] = 0
    }
  }
  return {
    mean,
    userRegularization: options.userRegularization,
    damping: options.damping,
    itemBias: Float32Array.from(itemBias),
    neighbors: builder.finish(),
  }
}

/** The user's bias from their current ratings, with the trained item biases fixed. */
export function userBiasOf(model: RatingPredictor, ratings: readonly Rating[]): number {
  let sum = 0
  for (const r of ratings) sum += r.rating - model.mean - model.itemBias[r.item]
  return sum / (model.userRegularization + ratings.length)
}

/**
 * Predicted rating of `item` for a user whose ratings are `byItem`
 * (item → rating), clamped to the 0.5–5 scale. The item's own rating, if
 * any, is left out so the prediction is a genuine guess.
 */
export function predictRating(
  model: RatingPredictor,
  byItem: ReadonlyMap<number, number>,
  userBias: number,
  item: number
): number {
  const base = model.mean + userBias + model.itemBias[item]
  let weighted = 0
  let norm = 0
  for (let p = model.neighbors.indptr[item]; p < model.neighbors.indptr[item + 1]; p++) {
    const j = model.neighbors.indices[p]
    const rating = byItem.get(j)
    if (rating === undefined || j === item) continue
    const s = model.neighbors.data[p]
    weighted += s * (rating - model.mean - userBias - model.itemBias[j])
    norm += Math.abs(s)
  }
  const prediction = base + (norm > 0 ? weighted / (norm + model.damping) : 0)
  return Math.min(5, Math.max(0.5, prediction))
}
