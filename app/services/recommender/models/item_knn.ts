import { CsrBuilder, topKOfTouched, transpose, type Csr } from '#services/recommender/sparse'
import { cooccurrenceRow, RowAccumulator } from '#services/recommender/models/item_item'

export interface ItemKnnOptions {
  /** Neighbours kept per item. */
  neighbors: number
  /** Shrinkage: sim = co / (‖i‖·‖j‖ + shrink), so pairs seen together once do not look identical. */
  shrink: number
}

export interface ItemKnnModel {
  /** Row i: the item's nearest neighbours j and their similarity. */
  neighbors: Csr
  /** Scoring orientation (row = a profile item, entries = the targets it votes for). */
  weights: Csr
}

/**
 * Item-based kNN with shrunk cosine similarity over the implicit matrix
 * X (users × items). Neighbours are pruned per target item (classic
 * item-kNN): a target is scored by its k most similar items the user has.
 */
export function trainItemKnn(x: Csr, xt: Csr, options: ItemKnnOptions, onRow?: (row: number) => void): ItemKnnModel {
  const n = xt.rows
  const norms = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let sum = 0
    for (let p = xt.indptr[i]; p < xt.indptr[i + 1]; p++) sum += xt.data[p] * xt.data[p]
    norms[i] = Math.sqrt(sum)
  }
  const acc = new RowAccumulator(n)
  const builder = new CsrBuilder(n, n, n * options.neighbors)
  const cols: number[] = []
  const vals: number[] = []
  for (let j = 0; j < n; j++) {
    cols.length = 0
    vals.length = 0
    if (norms[j] > 0) {
      cooccurrenceRow(x, xt, j, acc)
      for (let k = 0; k < acc.count; k++) {
        const i = acc.touched[k]
        acc.values[i] = i === j ? 0 : acc.values[i] / (norms[i] * norms[j] + options.shrink)
      }
      for (const i of topKOfTouched(options.neighbors, acc.values, acc.touched, acc.count)) {
        if (acc.values[i] <= 0) continue
        cols.push(i)
        vals.push(acc.values[i])
      }
      acc.reset()
    }
    builder.pushRow(cols, vals)
    onRow?.(j)
  }
  const neighbors = builder.finish()
  return { neighbors, weights: transpose(neighbors) }
}
