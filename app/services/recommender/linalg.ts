/**
 * Dense linear algebra on row-major Float64Arrays: the Cholesky routines
 * EASE and ALS need. Inner loops run over contiguous row prefixes (dot
 * products and axpys), which is what V8 compiles into tight code.
 */

export class NotPositiveDefiniteError extends Error {
  constructor(row: number) {
    super(`Matrix is not positive definite (pivot ${row}); raise the regularisation`)
  }
}

/**
 * In-place Cholesky factorisation A = L·Lᵀ of a symmetric positive definite
 * n×n matrix; the lower triangle of `a` becomes L (the upper is zeroed).
 */
export function choleskyInPlace(a: Float64Array, n: number) {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n
    let diag = a[rowJ + j]
    for (let k = 0; k < j; k++) diag -= a[rowJ + k] * a[rowJ + k]
    if (!(diag > 0)) throw new NotPositiveDefiniteError(j)
    const ljj = Math.sqrt(diag)
    a[rowJ + j] = ljj
    const inv = 1 / ljj
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n
      let sum = a[rowI + j]
      for (let k = 0; k < j; k++) sum -= a[rowI + k] * a[rowJ + k]
      a[rowI + j] = sum * inv
    }
    for (let k = j + 1; k < n; k++) a[rowJ + k] = 0
  }
}

/**
 * Inverse of a symmetric positive definite matrix through Cholesky:
 * A⁻¹ = L⁻ᵀ·L⁻¹ = V·Vᵀ with V = L⁻ᵀ upper triangular, built row by row
 * with axpys over contiguous rows. About 2n³/3 flops; `a` is overwritten
 * and the inverse is returned in a new array.
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  choleskyInPlace(a, n)
  // V = (Lᵀ)⁻¹, upper triangular: V[i][i] = 1/L[i][i], row i = -(1/L[i][i]) Σ_{k>i} L[k][i]·V[k][·].
  const v = new Float64Array(n * n)
  for (let i = n - 1; i >= 0; i--) {
    const rowI = i * n
    const inv = 1 / a[rowI + i]
    for (let k = i + 1; k < n; k++) {
      const factor = -a[k * n + i] * inv
      if (factor === 0) continue
      const rowK = k * n
      for (let j = k; j < n; j++) v[rowI + j] += factor * v[rowK + j]
    }
    v[rowI + i] = inv
  }
  // A⁻¹[i][j] = Σ_{k ≥ max(i,j)} V[i][k]·V[j][k]: dot products of row suffixes.
  const out = a // reuse the factor's storage
  for (let i = 0; i < n; i++) {
    const rowI = i * n
    for (let j = i; j < n; j++) {
      const rowJ = j * n
      let sum = 0
      for (let k = j; k < n; k++) sum += v[rowI + k] * v[rowJ + k]
      out[rowI + j] = sum
      out[j * n + i] = sum
    }
  }
  return out
}

/**
 * Solves A·x = b for a small SPD matrix (ALS's f×f systems); `a` and `b`
 * are overwritten, the solution is left in `b`.
 */
export function solveSpdInPlace(a: Float64Array, b: Float64Array, n: number) {
  choleskyInPlace(a, n)
  for (let i = 0; i < n; i++) {
    let sum = b[i]
    const row = i * n
    for (let k = 0; k < i; k++) sum -= a[row + k] * b[k]
    b[i] = sum / a[row + i]
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]
    for (let k = i + 1; k < n; k++) sum -= a[k * n + i] * b[k]
    b[i] = sum / a[i * n + i]
  }
}

/** Deterministic PRNG (mulberry32) so a training run is reproducible. */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
