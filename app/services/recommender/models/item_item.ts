import type { Csr } from '#services/recommender/sparse'

/**
 * Shared pieces of the item-item models (item-kNN, RP3beta, EASE): a
 * reusable dense accumulator for one row of a co-occurrence product, and
 * scoring a user profile against an item-item weight matrix.
 */
export class RowAccumulator {
  readonly values: Float64Array
  readonly touched: Int32Array
  count = 0
  readonly #seen: Uint8Array

  constructor(readonly size: number) {
    this.values = new Float64Array(size)
    this.touched = new Int32Array(size)
    this.#seen = new Uint8Array(size)
  }

  add(index: number, value: number) {
    if (!this.#seen[index]) {
      this.#seen[index] = 1
      this.touched[this.count++] = index
    }
    this.values[index] += value
  }

  reset() {
    for (let k = 0; k < this.count; k++) {
      const index = this.touched[k]
      this.values[index] = 0
      this.#seen[index] = 0
    }
    this.count = 0
  }
}

/**
 * Row `item` of Xᵀ·X (co-occurrence weights with every other item) into
 * `acc`, for X users × items and Xt its transpose.
 */
export function cooccurrenceRow(x: Csr, xt: Csr, item: number, acc: RowAccumulator) {
  for (let p = xt.indptr[item]; p < xt.indptr[item + 1]; p++) {
    const user = xt.indices[p]
    const weight = xt.data[p]
    for (let q = x.indptr[user]; q < x.indptr[user + 1]; q++) {
      acc.add(x.indices[q], weight * x.data[q])
    }
  }
}

/**
 * s_j = Σ_i w_i · W[i, j] for a profile of (item, weight) pairs, into a
 * dense score vector (rows of W are source items).
 */
export function scoreItemItem(
  weights: Csr,
  items: ArrayLike<number>,
  itemWeights: ArrayLike<number>,
  scores: Float64Array
) {
  for (let k = 0; k < items.length; k++) {
    const item = items[k]
    const w = itemWeights[k]
    if (w === 0 || item >= weights.rows) continue
    for (let p = weights.indptr[item]; p < weights.indptr[item + 1]; p++) {
      scores[weights.indices[p]] += w * weights.data[p]
    }
  }
}
