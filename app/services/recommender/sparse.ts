/**
 * Compressed sparse rows over typed arrays: the one matrix format of the
 * recommender (interactions, item-item weights, neighbour lists). Pure
 * code, no I/O, so it runs unchanged in the training worker.
 */
export interface Csr {
  rows: number
  cols: number
  /** rows + 1 offsets into indices/data. */
  indptr: Int32Array
  indices: Int32Array
  data: Float32Array
}

/** Builds a CSR from coordinates; duplicates are summed, columns sorted per row. */
export function csrFromCoo(
  rows: number,
  cols: number,
  rowIdx: ArrayLike<number>,
  colIdx: ArrayLike<number>,
  values: ArrayLike<number>
): Csr {
  const counts = new Int32Array(rows + 1)
  for (let k = 0; k < rowIdx.length; k++) counts[rowIdx[k] + 1]++
  for (let r = 0; r < rows; r++) counts[r + 1] += counts[r]
  const cursor = counts.slice(0, rows)
  const indices = new Int32Array(rowIdx.length)
  const data = new Float32Array(rowIdx.length)
  for (let k = 0; k < rowIdx.length; k++) {
    const at = cursor[rowIdx[k]]++
    indices[at] = colIdx[k]
    data[at] = values[k]
  }
  const matrix: Csr = { rows, cols, indptr: counts, indices, data }
  return sortAndMergeRows(matrix)
}

/** Sorts each row by column and sums duplicate columns (in place when nothing merges). */
function sortAndMergeRows(m: Csr): Csr {
  const outIndptr = new Int32Array(m.rows + 1)
  let write = 0
  let order: number[] = []
  const indices = m.indices
  const data = m.data
  const newIndices = new Int32Array(indices.length)
  const newData = new Float32Array(data.length)
  for (let r = 0; r < m.rows; r++) {
    const start = m.indptr[r]
    const end = m.indptr[r + 1]
    let sorted = true
    for (let k = start + 1; k < end && sorted; k++) if (indices[k] <= indices[k - 1]) sorted = false
    if (sorted) {
      // Strictly increasing already (the common case): copy, nothing to merge.
      newIndices.set(indices.subarray(start, end), write)
      newData.set(data.subarray(start, end), write)
      write += end - start
      outIndptr[r + 1] = write
      continue
    }
    order = []
    for (let k = start; k < end; k++) order.push(k)
    order.sort((a, b) => indices[a] - indices[b])
    let last = -1
    for (const k of order) {
      if (indices[k] === last) {
        newData[write - 1] += data[k]
      } else {
        newIndices[write] = indices[k]
        newData[write] = data[k]
        last = indices[k]
        write++
      }
    }
    outIndptr[r + 1] = write
  }
  return {
    rows: m.rows,
    cols: m.cols,
    indptr: outIndptr,
    indices: newIndices.slice(0, write),
    data: newData.slice(0, write),
  }
}

export function transpose(m: Csr): Csr {
  const counts = new Int32Array(m.cols + 1)
  const nnz = m.indptr[m.rows]
  for (let k = 0; k < nnz; k++) counts[m.indices[k] + 1]++
  for (let c = 0; c < m.cols; c++) counts[c + 1] += counts[c]
  const cursor = counts.slice(0, m.cols)
  const indices = new Int32Array(nnz)
  const data = new Float32Array(nnz)
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) {
      const at = cursor[m.indices[k]]++
      indices[at] = r
      data[at] = m.data[k]
    }
  }
  // Rows are visited in order, so every transposed row comes out sorted.
  return { rows: m.cols, cols: m.rows, indptr: counts, indices, data }
}

export function emptyCsr(rows: number, cols: number): Csr {
  return { rows, cols, indptr: new Int32Array(rows + 1), indices: new Int32Array(0), data: new Float32Array(0) }
}

/**
 * Appends rows one at a time (each row's entries given unsorted), growing
 * its buffers as needed; `finish` trims them.
 */
export class CsrBuilder {
  #indptr: Int32Array
  #indices: Int32Array
  #data: Float32Array
  #nnz = 0
  #row = 0

  constructor(
    readonly rows: number,
    readonly cols: number,
    expectedNnz = rows * 8
  ) {
    this.#indptr = new Int32Array(rows + 1)
    this.#indices = new Int32Array(Math.max(16, expectedNnz))
    this.#data = new Float32Array(Math.max(16, expectedNnz))
  }

  #grow(needed: number) {
    if (needed <= this.#indices.length) return
    const size = Math.max(needed, Math.ceil(this.#indices.length * 1.6))
    const indices = new Int32Array(size)
    indices.set(this.#indices.subarray(0, this.#nnz))
    const data = new Float32Array(size)
    data.set(this.#data.subarray(0, this.#nnz))
    this.#indices = indices
    this.#data = data
  }

  /** Adds the next row from parallel arrays of columns and values (first `count` entries). */
  pushRow(columns: ArrayLike<number>, values: ArrayLike<number>, count = columns.length) {
    this.#grow(this.#nnz + count)
    const order = Array.from({ length: count }, (_, k) => k).sort((a, b) => columns[a] - columns[b])
    for (const k of order) {
      this.#indices[this.#nnz] = columns[k]
      this.#data[this.#nnz] = values[k]
      this.#nnz++
    }
    this.#row++
    this.#indptr[this.#row] = this.#nnz
  }

  finish(): Csr {
    // Rows never pushed are empty.
    for (let r = this.#row + 1; r <= this.rows; r++) this.#indptr[r] = this.#nnz
    return {
      rows: this.rows,
      cols: this.cols,
      indptr: this.#indptr,
      indices: this.#indices.slice(0, this.#nnz),
      data: this.#data.slice(0, this.#nnz),
    }
  }
}

/**
 * Indices of the `k` largest `score(i)` among `candidates` (or 0..n-1), best
 * first, using a bounded min-heap: O(n log k), no full sort.
 */
export function topK(
  k: number,
  n: number,
  score: (index: number) => number,
  accept: (index: number) => boolean = () => true
): number[] {
  if (k <= 0) return []
  const heapIdx = new Int32Array(k)
  const heapVal = new Float64Array(k)
  let size = 0
  for (let i = 0; i < n; i++) {
    const value = score(i)
    if (!(value > -Infinity) || !accept(i)) continue
    if (size < k) {
      // Sift up.
      let pos = size++
      while (pos > 0) {
        const parent = (pos - 1) >> 1
        if (heapVal[parent] <= value) break
        heapVal[pos] = heapVal[parent]
        heapIdx[pos] = heapIdx[parent]
        pos = parent
      }
      heapVal[pos] = value
      heapIdx[pos] = i
    } else if (value > heapVal[0]) {
      siftDown(heapIdx, heapVal, size, i, value)
    }
  }
  const order = Array.from({ length: size }, (_, j) => j).sort(
    (a, b) => heapVal[b] - heapVal[a] || heapIdx[a] - heapIdx[b]
  )
  return order.map((j) => heapIdx[j])
}

/** Replaces the heap's root with (index, value) and restores the min-heap. */
function siftDown(heapIdx: Int32Array, heapVal: Float64Array, size: number, index: number, value: number) {
  let pos = 0
  while (true) {
    const left = 2 * pos + 1
    if (left >= size) break
    const right = left + 1
    const child = right < size && heapVal[right] < heapVal[left] ? right : left
    if (heapVal[child] >= value) break
    heapVal[pos] = heapVal[child]
    heapIdx[pos] = heapIdx[child]
    pos = child
  }
  heapVal[pos] = value
  heapIdx[pos] = index
}

/**
 * Top-k over a dense score vector restricted to the `touched` indices (those
 * an accumulation actually wrote), for item-item rows.
 */
export function topKOfTouched(
  k: number,
  scores: Float64Array,
  touched: Int32Array,
  touchedCount: number,
  key: (value: number) => number = (value) => value
): number[] {
  return topK(k, touchedCount, (j) => key(scores[touched[j]])).map((j) => touched[j])
}

/** Bytes held by a CSR's arrays. */
export function csrBytes(m: Csr) {
  return m.indptr.byteLength + m.indices.byteLength + m.data.byteLength
}
