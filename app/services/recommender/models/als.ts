import type { Csr } from '#services/recommender/sparse'
import { seededRandom } from '#services/recommender/linalg'

export interface AlsOptions {
  factors: number
  iterations: number
  regularization: number
  /** Confidence of an observed interaction: c = 1 + alpha · weight. */
  alpha: number
  /** Conjugate-gradient steps per row and sweep (Takács et al.): 3 is plenty with warm starts. */
  cgSteps: number
  seed: number
}

export interface AlsModel {
  factors: number
  regularization: number
  alpha: number
  userFactors: Float32Array
  itemFactors: Float32Array
  /** VᵀV of the item factors: folding a user in at request time needs it. */
  itemGram: Float64Array
}

/** Gram matrix FᵀF (f × f) of a row-major factor matrix. */
function gramOf(factors: Float32Array, rows: number, f: number): Float64Array {
  const gram = new Float64Array(f * f)
  for (let r = 0; r < rows; r++) {
    const base = r * f
    for (let a = 0; a < f; a++) {
      const va = factors[base + a]
      if (va === 0) continue
      const row = a * f
      for (let b = 0; b < f; b++) gram[row + b] += va * factors[base + b]
    }
  }
  return gram
}

/**
 * One conjugate-gradient solve of (YᵀY + Yᵀ(C−I)Y + λI)·x = YᵀC·p for one
 * row, warm-started from `x` (updated in place).
 */
function cgSolve(
  x: Float64Array,
  other: Float32Array,
  gram: Float64Array,
  f: number,
  indices: ArrayLike<number>,
  weights: ArrayLike<number>,
  start: number,
  end: number,
  options: { regularization: number; alpha: number },
  steps: number,
  scratch: { r: Float64Array; p: Float64Array; ap: Float64Array }
) {
  const { r, p, ap } = scratch
  // r = b − A·x
  for (let a = 0; a < f; a++) {
    let sum = 0
    const row = a * f
    for (let b = 0; b < f; b++) sum += gram[row + b] * x[b]
    r[a] = -sum - options.regularization * x[a]
  }
  for (let k = start; k < end; k++) {
    const base = indices[k] * f
    const confidence = 1 + options.alpha * weights[k]
    let dot = 0
    for (let a = 0; a < f; a++) dot += other[base + a] * x[a]
    const coefficient = confidence - (confidence - 1) * dot
    for (let a = 0; a < f; a++) r[a] += coefficient * other[base + a]
  }
  let rsOld = 0
  for (let a = 0; a < f; a++) {
    p[a] = r[a]
    rsOld += r[a] * r[a]
  }
  for (let step = 0; step < steps && rsOld > 1e-12; step++) {
    for (let a = 0; a < f; a++) {
      let sum = 0
      const row = a * f
      for (let b = 0; b < f; b++) sum += gram[row + b] * p[b]
      ap[a] = sum + options.regularization * p[a]
    }
    for (let k = start; k < end; k++) {
      const base = indices[k] * f
      const extra = options.alpha * weights[k]
      let dot = 0
      for (let a = 0; a < f; a++) dot += other[base + a] * p[a]
      const coefficient = extra * dot
      for (let a = 0; a < f; a++) ap[a] += coefficient * other[base + a]
    }
    let pAp = 0
    for (let a = 0; a < f; a++) pAp += p[a] * ap[a]
    const stepSize = rsOld / pAp
    let rsNew = 0
    for (let a = 0; a < f; a++) {
      x[a] += stepSize * p[a]
      r[a] -= stepSize * ap[a]
      rsNew += r[a] * r[a]
    }
    for (let a = 0; a < f; a++) p[a] = r[a] + (rsNew / rsOld) * p[a]
    rsOld = rsNew
  }
}

function sweep(
  target: Float32Array,
  other: Float32Array,
  matrix: Csr,
  f: number,
  options: AlsOptions
) {
  const gram = gramOf(other, matrix.cols, f)
  const x = new Float64Array(f)
  const scratch = { r: new Float64Array(f), p: new Float64Array(f), ap: new Float64Array(f) }
  for (let row = 0; row < matrix.rows; row++) {
    const base = row * f
    for (let a = 0; a < f; a++) x[a] = target[base + a]
    cgSolve(x, other, gram, f, matrix.indices, matrix.data, matrix.indptr[row], matrix.indptr[row + 1], options, options.cgSteps, scratch)
    for (let a = 0; a < f; a++) target[base + a] = x[a]
  }
}

/**
 * Implicit-feedback ALS (Hu, Koren & Volinsky 2008) solved with conjugate
 * gradient, for X users × items (Xt its transpose).
 */
export function trainAls(x: Csr, xt: Csr, options: AlsOptions, onIteration?: (done: number, total: number) => void): AlsModel {
  const f = options.factors
  const random = seededRandom(options.seed)
  const init = (size: number) => Float32Array.from({ length: size }, () => (random() - 0.5) * 0.02)
  const userFactors = init(x.rows * f)
  const itemFactors = init(xt.rows * f)
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    sweep(userFactors, itemFactors, x, f, options)
    sweep(itemFactors, userFactors, xt, f, options)
    onIteration?.(iteration + 1, options.iterations)
  }
  return {
    factors: f,
    regularization: options.regularization,
    alpha: options.alpha,
    userFactors,
    itemFactors,
    itemGram: gramOf(itemFactors, xt.rows, f),
  }
}

/**
 * A user's factors from their current interactions and the trained item
 * factors (the item side stays fixed): how a new rating counts at once.
 */
export function foldInUser(model: AlsModel, items: ArrayLike<number>, weights: ArrayLike<number>, steps = 8): Float64Array {
  const f = model.factors
  const x = new Float64Array(f)
  const scratch = { r: new Float64Array(f), p: new Float64Array(f), ap: new Float64Array(f) }
  cgSolve(x, model.itemFactors, model.itemGram, f, items, weights, 0, items.length, model, steps, scratch)
  return x
}

/** s_j = u · v_j for every item. */
export function scoreAls(model: AlsModel, user: Float64Array, scores: Float64Array) {
  const f = model.factors
  const v = model.itemFactors
  for (let j = 0; j < scores.length; j++) {
    let sum = 0
    const base = j * f
    for (let a = 0; a < f; a++) sum += user[a] * v[base + a]
    scores[j] = sum
  }
}
