import { CsrBuilder, csrFromCoo, topK, transpose, type Csr } from '#services/recommender/sparse'
import type { Rating, TrainingData } from '#services/recommender/dataset'
import { seededRandom } from '#services/recommender/linalg'

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
  /**
   * The user bias weighs a rating 0.5^(age/this), age counted in ratings
   * from the newest: taste and rating habits drift. 0 weighs all alike.
   */
  biasHalfLife: number
}

/** SVD++-style factor term on the kNN residuals (0 factors turns it off). */
export interface FactorOptions {
  factors: number
  epochs: number
  learningRate: number
  regularization: number
  seed: number
}

/**
 * The learned correction on top of baseline + kNN (an asymmetric SVD++,
 * Koren 2008): a user is represented only through what they rated,
 *   z_u = |R(u)|^-½ · Σ_{j∈R(u)} ( y_j + (r_uj − b_uj)·x_j ),
 * and the correction of item i is q_i·z_u. No per-user parameter is
 * stored, so a new rating changes the prediction at once, like the kNN.
 */
export interface RatingFactors {
  factors: number
  /** Row-major items × factors. */
  q: Float32Array
  y: Float32Array
  x: Float32Array
}

export interface RatingPredictor {
  mean: number
  userRegularization: number
  damping: number
  itemBias: Float32Array
  /** Row i: items most (anti-)correlated with i on baseline residuals (shrunk Pearson). */
  neighbors: Csr
  /** Absent in models trained before it existed (and when turned off). */
  factors?: RatingFactors
  /** See PredictorOptions.biasHalfLife; absent in older models (all ratings alike). */
  biasHalfLife?: number
}

/**
 * Baseline-corrected item-kNN (Koren 2010, "global neighbourhood" without
 * learned weights): r̂ = μ + b_u + b_i + Σ_j s_ij·(r_uj − b_uj) / (Σ|s_ij| + d)
 * over the neighbours j of i that the user rated.
 */
export function trainRatingPredictor(
  data: TrainingData,
  options: PredictorOptions,
  factorOptions?: FactorOptions
): RatingPredictor {
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
  const model: RatingPredictor = {
    mean,
    userRegularization: options.userRegularization,
    damping: options.damping,
    itemBias: Float32Array.from(itemBias),
    neighbors: builder.finish(),
    biasHalfLife: options.biasHalfLife,
  }
  if (factorOptions?.factors) model.factors = trainFactors(data, model, factorOptions)
  return model
}

/**
 * Fits the factor term by SGD on what baseline + kNN leave unexplained.
 * Per user and epoch: z_u from their ratings, one SGD step on q_i per
 * rating, then the accumulated gradient of z_u is spread over y_j and x_j
 * (the batched SVD++ update, O(ratings × factors) per epoch).
 */
function trainFactors(data: TrainingData, model: RatingPredictor, options: FactorOptions): RatingFactors {
  const n = data.itemIds.length
  const m = data.userIds.length
  const f = options.factors
  const count = data.ratingValue.length
  const offsets = new Int32Array(m + 1)
  for (let k = 0; k < count; k++) offsets[data.ratingUser[k] + 1]++
  for (let u = 0; u < m; u++) offsets[u + 1] += offsets[u]
  // Ratings are user-ordered (sortRatings), so a user's slice is offsets[u]..offsets[u+1].

  // The target: residual of baseline + kNN, each rating predicted from the user's others.
  const target = new Float32Array(count)
  const baseResidual = new Float32Array(count)
  const dense = new Float32Array(n).fill(NaN)
  for (let u = 0; u < m; u++) {
    const start = offsets[u]
    const end = offsets[u + 1]
    if (start === end) continue
    const userBias = userBiasOf(model, ratingsIn(data, start, end))
    for (let k = start; k < end; k++) {
      const residual = data.ratingValue[k] - model.mean - userBias - model.itemBias[data.ratingItem[k]]
      baseResidual[k] = residual
      dense[data.ratingItem[k]] = residual
    }
    for (let k = start; k < end; k++) {
      const i = data.ratingItem[k]
      let weighted = 0
      let norm = 0
      for (let p = model.neighbors.indptr[i]; p < model.neighbors.indptr[i + 1]; p++) {
        const residual = dense[model.neighbors.indices[p]]
        if (residual !== residual) continue
        const s = model.neighbors.data[p]
        weighted += s * residual
        norm += Math.abs(s)
      }
      target[k] = baseResidual[k] - (norm > 0 ? weighted / (norm + model.damping) : 0)
    }
    for (let k = start; k < end; k++) dense[data.ratingItem[k]] = NaN
  }

  const random = seededRandom(options.seed)
  const init = (size: number) => Float32Array.from({ length: size }, () => (random() - 0.5) * 0.2)
  const q = init(n * f)
  const y = init(n * f)
  const x = init(n * f)
  const z = new Float64Array(f)
  const gradient = new Float64Array(f)
  const { learningRate: rate, regularization: reg } = options
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const lr = rate / (1 + epoch * 0.1)
    for (let u = 0; u < m; u++) {
      const start = offsets[u]
      const end = offsets[u + 1]
      if (start === end) continue
      const scale = 1 / Math.sqrt(end - start)
      z.fill(0)
      for (let k = start; k < end; k++) {
        const base = data.ratingItem[k] * f
        const r = baseResidual[k]
        for (let a = 0; a < f; a++) z[a] += y[base + a] + r * x[base + a]
      }
      for (let a = 0; a < f; a++) z[a] *= scale
      gradient.fill(0)
      for (let k = start; k < end; k++) {
        const base = data.ratingItem[k] * f
        let prediction = 0
        for (let a = 0; a < f; a++) prediction += q[base + a] * z[a]
        const error = target[k] - prediction
        for (let a = 0; a < f; a++) {
          gradient[a] += error * q[base + a]
          q[base + a] += lr * (error * z[a] - reg * q[base + a])
        }
      }
      for (let k = start; k < end; k++) {
        const base = data.ratingItem[k] * f
        const r = baseResidual[k]
        for (let a = 0; a < f; a++) {
          const g = gradient[a] * scale
          y[base + a] += lr * (g - reg * y[base + a])
          x[base + a] += lr * (g * r - reg * x[base + a])
        }
      }
    }
  }
  return { factors: f, q, y, x }
}

/** z_u of the factor term for a user's ratings (item → rating), or null without factors. */
export function userFactorsOf(
  model: RatingPredictor,
  byItem: ReadonlyMap<number, number>,
  userBias: number
): Float64Array | null {
  const factors = model.factors
  if (!factors || !byItem.size) return null
  const f = factors.factors
  const z = new Float64Array(f)
  for (const [j, rating] of byItem) {
    const base = j * f
    if (base >= factors.q.length) continue
    const residual = rating - model.mean - userBias - model.itemBias[j]
    for (let a = 0; a < f; a++) z[a] += factors.y[base + a] + residual * factors.x[base + a]
  }
  const scale = 1 / Math.sqrt(byItem.size)
  for (let a = 0; a < f; a++) z[a] *= scale
  return z
}

/** z_u per ratings map: predicting many items for one user computes it once. */
const userFactorCache = new WeakMap<ReadonlyMap<number, number>, { bias: number; z: Float64Array | null }>()

function ratingsIn(data: TrainingData, start: number, end: number): Rating[] {
  const out: Rating[] = []
  for (let k = start; k < end; k++) out.push({ item: data.ratingItem[k], rating: data.ratingValue[k], time: data.ratingTime[k] })
  return out
}

/** The user's bias from their current ratings, with the trained item biases fixed. */
export function userBiasOf(model: RatingPredictor, ratings: readonly Rating[]): number {
  const halfLife = model.biasHalfLife ?? 0
  let sum = 0
  let weights = 0
  ratings.forEach((r, k) => {
    const w = halfLife > 0 ? Math.pow(0.5, (ratings.length - 1 - k) / halfLife) : 1
    sum += w * (r.rating - model.mean - model.itemBias[r.item])
    weights += w
  })
  return sum / (model.userRegularization + weights)
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
  let correction = 0
  if (model.factors) {
    let cached = userFactorCache.get(byItem)
    if (!cached || cached.bias !== userBias) {
      cached = { bias: userBias, z: userFactorsOf(model, byItem, userBias) }
      userFactorCache.set(byItem, cached)
    }
    if (cached.z) {
      const f = model.factors.factors
      for (let a = 0; a < f; a++) correction += model.factors.q[item * f + a] * cached.z[a]
    }
  }
  const base = model.mean + userBias + model.itemBias[item] + correction
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
