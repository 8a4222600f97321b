import { parentPort, workerData } from 'node:worker_threads'
import type { TrainingData } from '#services/recommender/dataset'
import type { TrainingConfig } from '#services/recommender/config'
import { trainBundle } from '#services/recommender/trainer'
import { bundleBytes, serializeBundle } from '#services/recommender/bundle'
import type { WorkerMessage } from '#services/recommender/training_worker_client'

/**
 * Runs in the worker thread: trains the bundle, serialises it and hands
 * the bytes back without copying (transfer). CPU work here never blocks the
 * event loop of the process that asked for it.
 */
const { data, config, version } = workerData as { data: TrainingData; config: TrainingConfig; version: string }
const port = parentPort!
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)

try {
  const bundle = trainBundle(data, config, (stage, done, total) => post({ type: 'progress', stage, done, total }))
  bundle.meta.version = version
  const bytes = serializeBundle(bundle)
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  post({ type: 'done', buffer, meta: bundle.meta, memoryBytes: bundleBytes(bundle) }, [buffer])
} catch (error) {
  post({ type: 'error', message: (error as Error).message, stack: (error as Error).stack })
}
