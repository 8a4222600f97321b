import { test } from '@japa/runner'
import { invertSpd, NotPositiveDefiniteError, seededRandom, solveSpdInPlace } from '#services/recommender/linalg'
import { csrFromCoo, topK, transpose } from '#services/recommender/sparse'
import { deserializeBundle, serializeBundle, CorruptBundleError } from '#services/recommender/bundle'
import { trainBundle } from '#services/recommender/trainer'
import { smallConfig, world } from '#tests/unit/recommender/fixtures'

/** A random symmetric positive definite matrix: MᵀM + n·I. */
function randomSpd(n: number, seed: number) {
  const random = seededRandom(seed)
  const m = Float64Array.from({ length: n * n }, () => random() - 0.5)
  const a = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0
      for (let k = 0; k < n; k++) sum += m[k * n + i] * m[k * n + j]
      a[i * n + j] = sum + (i === j ? n : 0)
    }
  }
  return a
}

test.group('Recommender / numeric core', () => {
  test('invertSpd returns the inverse (A·A⁻¹ = I)', ({ assert }) => {
    const n = 40
    const a = randomSpd(n, 1)
    const inverse = invertSpd(a.slice(), n)
    let worst = 0
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0
        for (let k = 0; k < n; k++) sum += a[i * n + k] * inverse[k * n + j]
        worst = Math.max(worst, Math.abs(sum - (i === j ? 1 : 0)))
      }
    }
    assert.isBelow(worst, 1e-10)
    // Symmetric too.
    assert.closeTo(inverse[3 * n + 7], inverse[7 * n + 3], 1e-12)
  })

  test('solveSpdInPlace solves A·x = b; a non-SPD matrix is refused', ({ assert }) => {
    const a = Float64Array.from([4, 2, 2, 3])
    const b = Float64Array.from([2, 1])
    solveSpdInPlace(a, b, 2)
    // 4x + 2y = 2, 2x + 3y = 1 → x = 0.5, y = 0
    assert.closeTo(b[0], 0.5, 1e-12)
    assert.closeTo(b[1], 0, 1e-12)
    assert.throws(() => invertSpd(Float64Array.from([1, 2, 2, 1]), 2), NotPositiveDefiniteError as never)
  })

  test('CSR: duplicates are summed, rows sorted, transpose and top-k are right', ({ assert }) => {
    const m = csrFromCoo(2, 3, [0, 0, 1, 0], [2, 0, 1, 2], [1, 2, 3, 4])
    assert.deepEqual([...m.indptr], [0, 2, 3])
    assert.deepEqual([...m.indices], [0, 2, 1])
    assert.deepEqual([...m.data], [2, 5, 3])
    const t = transpose(m)
    assert.deepEqual([...t.indptr], [0, 1, 2, 3])
    assert.deepEqual([...t.indices], [0, 1, 0])
    const scores = [0.1, 0.9, 0.5, 0.9, -1]
    assert.deepEqual(topK(3, scores.length, (i) => scores[i]), [1, 3, 2])
    assert.deepEqual(topK(2, scores.length, (i) => scores[i], (i) => i !== 1), [3, 2])
  })

  test('a bundle survives serialisation byte for byte', ({ assert }) => {
    const bundle = trainBundle(world(), smallConfig({ engine: 'ease_rp3beta' }))
    bundle.meta.version = 'v-test'
    const bytes = serializeBundle(bundle)
    const copy = deserializeBundle(bytes)
    assert.equal(copy.meta.version, 'v-test')
    assert.deepEqual(copy.titles, bundle.titles)
    assert.deepEqual([...copy.itemIds], [...bundle.itemIds])
    assert.deepEqual([...copy.ease!.data], [...bundle.ease!.data])
    assert.deepEqual([...copy.content.features.indices], [...bundle.content.features.indices])
    assert.instanceOf(copy.predictor.itemBias, Float32Array)
    assert.throws(() => deserializeBundle(Buffer.from('not a model')), CorruptBundleError as never)
  })
})
