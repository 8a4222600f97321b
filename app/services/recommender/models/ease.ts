import { CsrBuilder, topK, transpose, type Csr } from '#services/recommender/sparse'
import { invertSpd } from '#services/recommender/linalg'
import { cooccurrenceRow, RowAccumulator } from '#services/recommender/models/item_item'

export interface EaseOptions {
  /** L2 regularisation of the closed form (λ on the Gram matrix's diagonal). */
  lambda: number
  /** Weights kept per target item (largest magnitude), so serving stays sparse. */
  neighbors: number
  /**
   * primal: invert the items × items Gram matrix (XᵀX + λI), O(n³).
   * dual: the same solution through the Woodbury identity with the users ×
   * users matrix (XXᵀ + λI), O(m³ + n·nnz): far cheaper while users < items.
   * auto picks the smaller side.
   */
  solver: 'auto' | 'primal' | 'dual'
}

export interface EaseProgress {
  (phase: 'gram' | 'invert' | 'weights', done: number, total: number): void
}

/**
 * EASE (Steck 2019): B = argmin ‖X − XB‖² + λ‖B‖² with diag(B) = 0, whose
 * closed form is B = I − P·diag(1/diag(P)), P = (XᵀX + λI)⁻¹. Returns the
 * weights in scoring orientation: row i lists the targets j that item i
 * votes for, B[i, j].
 */
export function trainEase(x: Csr, xt: Csr, options: EaseOptions, onProgress?: EaseProgress): Csr {
  const n = xt.rows
  const m = x.rows
  const solver = options.solver === 'auto' ? (m < n ? 'dual' : 'primal') : options.solver
  const byTarget = solver === 'dual' ? easeDual(x, xt, options, onProgress) : easePrimal(x, xt, options, onProgress)
  return transpose(byTarget)
}

/** Keeps the `k` largest-magnitude off-diagonal weights of one target column. */
function pushPruned(builder: CsrBuilder, column: Float64Array, target: number, k: number) {
  const keep = topK(k, column.length, (i) => (i === target || column[i] === 0 ? -Infinity : Math.abs(column[i])))
  builder.pushRow(
    keep,
    keep.map((i) => column[i])
  )
}

function easePrimal(x: Csr, xt: Csr, options: EaseOptions, onProgress?: EaseProgress): Csr {
  const n = xt.rows
  const gram = new Float64Array(n * n)
  const acc = new RowAccumulator(n)
  for (let i = 0; i < n; i++) {
    cooccurrenceRow(x, xt, i, acc)
    for (let k = 0; k < acc.count; k++) gram[i * n + acc.touched[k]] = acc.values[acc.touched[k]]
    acc.reset()
    gram[i * n + i] += options.lambda
    onProgress?.('gram', i + 1, n)
  }
  onProgress?.('invert', 0, 1)
  const p = invertSpd(gram, n)
  onProgress?.('invert', 1, 1)

  const builder = new CsrBuilder(n, n, n * options.neighbors)
  const column = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    if (xt.indptr[j + 1] === xt.indptr[j]) {
      builder.pushRow([], [])
      continue
    }
    // P is symmetric: column j is row j.
    const scale = -1 / p[j * n + j]
    for (let i = 0; i < n; i++) column[i] = p[j * n + i] * scale
    pushPruned(builder, column, j, options.neighbors)
    onProgress?.('weights', j + 1, n)
  }
  return builder.finish()
}

/**
 * Woodbury: (XᵀX + λI)⁻¹ = (I − Xᵀ K X) / λ with K = (XXᵀ + λI)⁻¹. Column j
 * of P is (e_j − Xᵀ K x_j) / λ, so B[i, j] = (Xᵀ t)_i / (1 − x_jᵀ t) for
 * i ≠ j, with t = K x_j. Nothing of size items × items is ever stored.
 */
function easeDual(x: Csr, xt: Csr, options: EaseOptions, onProgress?: EaseProgress): Csr {
  const n = xt.rows
  const m = x.rows
  const gram = new Float64Array(m * m)
  for (let i = 0; i < n; i++) {
    const start = xt.indptr[i]
    const end = xt.indptr[i + 1]
    for (let p = start; p < end; p++) {
      const a = xt.indices[p]
      const wa = xt.data[p]
      const row = a * m
      for (let q = start; q < end; q++) gram[row + xt.indices[q]] += wa * xt.data[q]
    }
    if ((i & 255) === 0) onProgress?.('gram', i + 1, n)
  }
  for (let a = 0; a < m; a++) gram[a * m + a] += options.lambda
  onProgress?.('invert', 0, 1)
  const k = invertSpd(gram, m)
  onProgress?.('invert', 1, 1)

  const builder = new CsrBuilder(n, n, n * options.neighbors)
  const t = new Float64Array(m)
  const column = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    const start = xt.indptr[j]
    const end = xt.indptr[j + 1]
    if (start === end) {
      builder.pushRow([], [])
      continue
    }
    t.fill(0)
    for (let p = start; p < end; p++) {
      const row = xt.indices[p] * m
      const w = xt.data[p]
      for (let b = 0; b < m; b++) t[b] += w * k[row + b]
    }
    let quadratic = 0
    for (let p = start; p < end; p++) quadratic += xt.data[p] * t[xt.indices[p]]
    const denominator = 1 - quadratic
    column.fill(0)
    for (let a = 0; a < m; a++) {
      const ta = t[a]
      if (ta === 0) continue
      for (let q = x.indptr[a]; q < x.indptr[a + 1]; q++) column[x.indices[q]] += x.data[q] * ta
    }
    const scale = 1 / denominator
    for (let i = 0; i < n; i++) column[i] *= scale
    pushPruned(builder, column, j, options.neighbors)
    if ((j & 63) === 0) onProgress?.('weights', j + 1, n)
  }
  return builder.finish()
}
