import type { Worker } from 'bullmq'
import queue from '#services/queue'
import { startWorkers } from '#services/workers'

let workers: Worker[] = []

/**
 * Real collaborators the suite talks to: BullMQ workers in this process
 * (same code as `node ace queue:work`).
 */
export async function startTestServices() {
  for (const name of queue.names) {
    await queue.queue(name).obliterate({ force: true })
  }
  workers = startWorkers(queue.names)
}

export async function stopTestServices() {
  await Promise.allSettled(workers.map((worker) => worker.close()))
  workers = []
}
