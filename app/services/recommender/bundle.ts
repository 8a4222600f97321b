import type { Csr } from '#services/recommender/sparse'
import type { AlsModel } from '#services/recommender/models/als'
import type { ContentModel } from '#services/recommender/models/content'
import type { PopularityModel } from '#services/recommender/models/popularity'
import type { RatingPredictor } from '#services/recommender/models/rating_predictor'
import type { Engine, TrainingConfig } from '#services/recommender/config'

// The engine names belong to the training config (which this file's meta embeds); re-exported for readers of bundles.
export { ENGINES, type Engine } from '#services/recommender/config'

export interface BundleMeta {
  /** Set when the bundle is persisted (recommender_models.version). */
  version: string
  createdAt: string
  engine: Engine
  users: number
  items: number
  ratings: number
  trainingMs: number
  config: TrainingConfig
}

/**
 * Everything serving needs, as typed arrays indexed by item index (the
 * position of a movie id in `itemIds`). Trained in a worker, persisted as
 * one binary blob, held in memory by the model store and replaced whole.
 */
export interface ModelBundle {
  meta: BundleMeta
  itemIds: Int32Array
  titles: string[]
  years: Int32Array
  /** ITEM_ADULT | ITEM_ABOVE_TEEN | ITEM_HIDDEN at training time (serving re-checks live). */
  flags: Uint8Array
  /** Row i: the genre ids of item i (column = genre id). */
  itemGenres: Csr
  genreNames: [number, string][]
  popularity: PopularityModel
  /** Neighbours of each item by co-liking (item-kNN): "people who liked this also liked". */
  knn: Csr
  /** Scoring weights of the collaborative engines (rows = profile item). */
  ease: Csr | null
  rp3beta: Csr | null
  als: AlsModel | null
  /** Item → what the same people liked next (models/sequence.ts); absent in older models. */
  sequence?: Csr | null
  content: ContentModel
  predictor: RatingPredictor
}

type TypedArray = Int32Array | Uint8Array | Float32Array | Float64Array

const TYPES = {
  Int32Array,
  Uint8Array,
  Float32Array,
  Float64Array,
} as const
type TypeName = keyof typeof TYPES

interface ArrayRef {
  $array: number
}

interface Header {
  format: 1
  body: unknown
  arrays: { type: TypeName; offset: number; length: number }[]
}

const MAGIC = 0x4d51524d // "MQRM"

function isTypedArray(value: unknown): value is TypedArray {
  return (
    value instanceof Int32Array ||
    value instanceof Uint8Array ||
    value instanceof Float32Array ||
    value instanceof Float64Array
  )
}

/**
 * One self-describing buffer: magic, header length, a JSON header (plain
 * fields, and each typed array replaced by a reference), then the arrays'
 * bytes, each 8-byte aligned so loading can view them without copying.
 */
export function serializeBundle(bundle: ModelBundle): Buffer {
  const arrays: TypedArray[] = []
  const refs: Header['arrays'] = []
  let offset = 0
  // JSON.stringify would turn typed arrays into objects: walk the value by hand.
  const walk = (value: unknown): unknown => {
    if (isTypedArray(value)) {
      const type = value.constructor.name as TypeName
      refs.push({ type, offset, length: value.length })
      arrays.push(value)
      offset += Math.ceil(value.byteLength / 8) * 8
      return { $array: refs.length - 1 } satisfies ArrayRef
    }
    if (Array.isArray(value)) return value.map(walk)
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [key, entry] of Object.entries(value)) out[key] = walk(entry)
      return out
    }
    return value
  }
  const header: Header = { format: 1, body: walk(bundle), arrays: refs }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8')
  const dataStart = Math.ceil((8 + headerBytes.length) / 8) * 8
  const out = Buffer.alloc(dataStart + offset)
  out.writeUInt32LE(MAGIC, 0)
  out.writeUInt32LE(headerBytes.length, 4)
  headerBytes.copy(out, 8)
  refs.forEach((ref, index) => {
    const source = arrays[index]
    Buffer.from(source.buffer, source.byteOffset, source.byteLength).copy(out, dataStart + ref.offset)
  })
  return out
}

export class CorruptBundleError extends Error {}

/** Reads a buffer written by serializeBundle; arrays view one aligned copy of the data. */
export function deserializeBundle(input: Uint8Array): ModelBundle {
  const view = Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  if (view.length < 8 || view.readUInt32LE(0) !== MAGIC) {
    throw new CorruptBundleError('Not a recommender model file (bad magic number)')
  }
  const headerLength = view.readUInt32LE(4)
  const header = JSON.parse(view.subarray(8, 8 + headerLength).toString('utf8')) as Header
  if (header.format !== 1) throw new CorruptBundleError(`Unknown model format ${header.format}`)
  const dataStart = Math.ceil((8 + headerLength) / 8) * 8
  // One aligned copy of the data section: every array views it.
  const data = new ArrayBuffer(view.length - dataStart)
  new Uint8Array(data).set(view.subarray(dataStart))
  const arrays = header.arrays.map((ref) => new TYPES[ref.type](data, ref.offset, ref.length))
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive)
    if (value && typeof value === 'object') {
      if ('$array' in value && typeof (value as ArrayRef).$array === 'number') {
        return arrays[(value as ArrayRef).$array]
      }
      const out: Record<string, unknown> = {}
      for (const [key, entry] of Object.entries(value)) out[key] = revive(entry)
      return out
    }
    return value
  }
  return revive(header.body) as ModelBundle
}

/** Bytes held by the bundle's typed arrays (what a loaded model costs in memory). */
export function bundleBytes(bundle: ModelBundle): number {
  let total = 0
  const walk = (value: unknown) => {
    if (isTypedArray(value)) total += value.byteLength
    else if (Array.isArray(value)) value.forEach(walk)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
    else if (typeof value === 'string') total += value.length * 2
  }
  walk(bundle)
  return total
}
