import { CsrBuilder, topKOfTouched, type Csr } from '#services/recommender/sparse'
import { RowAccumulator } from '#services/recommender/models/item_item'

export interface Rp3betaOptions {
  /** Exponent on the transition probabilities (alpha). */
  alpha: number
  /** Popularity penalty: weights into item j are divided by popularity(j)^beta. */
  beta: number
  /** Weights kept per source item. */
  neighbors: number
}

/**
 * RP3beta (Paudel et al.; Dacrema et al. 2019): a 3-step random walk
 * item → user → item on the bipartite graph, with transition probabilities
 * raised to alpha and the destination's popularity discounted by beta.
 * W = (P_iu)^α · (P_ui)^α ./ pop^β, pruned to the top entries of each row;
 * a user's scores are Σ_{i ∈ profile} W[i, ·].
 */
export function trainRp3beta(x: Csr, xt: Csr, options: Rp3betaOptions, onRow?: (row: number) => void): Csr {
  const n = xt.rows
  const m = x.rows
  // Row sums for the two transition matrices (user → item, item → user).
  const userDegree = new Float64Array(m)
  for (let u = 0; u < m; u++) {
    for (let p = x.indptr[u]; p < x.indptr[u + 1]; p++) userDegree[u] += x.data[p]
  }
  const itemDegree = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let p = xt.indptr[i]; p < xt.indptr[i + 1]; p++) itemDegree[i] += xt.data[p]
  }
  const popularityPenalty = new Float64Array(n)
  for (let j = 0; j < n; j++) popularityPenalty[j] = itemDegree[j] > 0 ? Math.pow(itemDegree[j], -options.beta) : 0

  // Transition probabilities raised to alpha, once per stored entry (not per walk).
  const userToItem = new Float64Array(x.data.length)
  for (let u = 0; u < m; u++) {
    for (let q = x.indptr[u]; q < x.indptr[u + 1]; q++) {
      userToItem[q] = Math.pow(x.data[q] / userDegree[u], options.alpha)
    }
  }

  const acc = new RowAccumulator(n)
  const builder = new CsrBuilder(n, n, n * options.neighbors)
  const cols: number[] = []
  const vals: number[] = []
  for (let i = 0; i < n; i++) {
    cols.length = 0
    vals.length = 0
    if (itemDegree[i] > 0) {
      for (let p = xt.indptr[i]; p < xt.indptr[i + 1]; p++) {
        const u = xt.indices[p]
        const pIu = Math.pow(xt.data[p] / itemDegree[i], options.alpha)
        for (let q = x.indptr[u]; q < x.indptr[u + 1]; q++) {
          const j = x.indices[q]
          if (j === i) continue
          acc.add(j, pIu * userToItem[q])
        }
      }
      for (let k = 0; k < acc.count; k++) {
        const j = acc.touched[k]
        acc.values[j] *= popularityPenalty[j]
      }
      for (const j of topKOfTouched(options.neighbors, acc.values, acc.touched, acc.count)) {
        if (acc.values[j] <= 0) continue
        cols.push(j)
        vals.push(acc.values[j])
      }
      acc.reset()
    }
    builder.pushRow(cols, vals)
    onRow?.(i)
  }
  return builder.finish()
}
