import { Worker } from 'node:worker_threads'
import type { TrainingData } from '#services/recommender/dataset'
import type { TrainingConfig } from '#services/recommender/config'
import type { BundleMeta } from '#services/recommender/bundle'
import type { Stage } from '#services/recommender/trainer'

export type WorkerMessage =
  | { type: 'progress'; stage: Stage; done: number; total: number }
  | { type: 'done'; buffer: ArrayBuffer; meta: BundleMeta; memoryBytes: number }
  | { type: 'error'; message: string; stack?: string }

export interface WorkerResult {
  bytes: Uint8Array
  meta: BundleMeta
  memoryBytes: number
}

export class TrainingWorkerError extends Error {}

/**
 * Trains a bundle in a worker thread and resolves with its serialised
 * bytes. The main thread only ships the data over and waits, so a server
 * or queue worker keeps answering while training runs.
 */
export function trainInWorker(
  data: TrainingData,
  config: TrainingConfig,
  version: string,
  onProgress: (stage: Stage, done: number, total: number) => void = () => {}
): Promise<WorkerResult> {
  // From the sources the entry is train_worker.ts; in the build, .js.
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js'
  // The rating arrays move to the worker instead of being copied (at 25M ratings that is 0.5 GB
  // saved); the caller must not read them afterwards. Arrays sharing one buffer move once.
  const buffers = new Set(
    [data.ratingUser, data.ratingItem, data.ratingValue, data.ratingTime]
      .filter((array) => array.byteOffset === 0 && array.byteLength === array.buffer.byteLength)
      .map((array) => array.buffer as ArrayBuffer)
  )
  const worker = new Worker(new URL(`./train_worker.${extension}`, import.meta.url), {
    workerData: { data, config, version },
    transferList: [...buffers],
  })
  return new Promise<WorkerResult>((resolve, reject) => {
    let settled = false
    const finish = (action: () => void) => {
      if (settled) return
      settled = true
      action()
      void worker.terminate()
    }
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.stage, message.done, message.total)
      else if (message.type === 'done') {
        finish(() => resolve({ bytes: new Uint8Array(message.buffer), meta: message.meta, memoryBytes: message.memoryBytes }))
      } else {
        const error = new TrainingWorkerError(`Training failed in the worker: ${message.message}`)
        error.stack = message.stack
        finish(() => reject(error))
      }
    })
    worker.on('error', (error) => finish(() => reject(new TrainingWorkerError(`Training worker crashed: ${error.message}`))))
    worker.on('exit', (code) =>
      finish(() => reject(new TrainingWorkerError(`Training worker exited with code ${code} before finishing`)))
    )
  })
}
