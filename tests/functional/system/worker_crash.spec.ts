import { test } from '@japa/runner'
import type { Job } from 'bullmq'
import { MovieFactory } from '#factories/movie_factory'
import Movie from '#models/movie'
import queueConfig from '#config/queue'
import QueueManager from '#jobs/queue/queue_manager'
import { startWorkers } from '#jobs/queue/workers'
import { fakeTmdb } from '#tests/support/services'
import { WorkerProcess } from '#tests/support/worker_process'

test.group('System / a worker is killed mid-job', () => {
  test('another worker finishes the interrupted job within 15 s', async ({ assert }) => {
    // A queue prefix of this test's own, so only the workers below take the job.
    const prefix = `${queueConfig.prefix}-crash-${process.pid}`
    const manager = new QueueManager({ ...queueConfig, prefix })
    const movie = await MovieFactory.merge({ tmdbId: 603, title: 'Pending sync' }).create()
    // The first attempt hangs in TMDB long enough to be killed there.
    fakeTmdb().reset()
    fakeTmdb().delayNext('/movie/603', { ms: 8_000 })

    const first = await WorkerProcess.start(['metadata'], { QUEUE_PREFIX: prefix })
    try {
      const job = await manager.dispatch('metadata', 'sync-movie', { tmdbId: 603 }, { jobId: 'movie-sync-603' })
      const deadline = Date.now() + 20_000
      while ((await job.getState()) !== 'active') {
        assert.isBelow(Date.now(), deadline, 'the first worker never took the job')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      while (fakeTmdb().requestsTo('/movie/603').length === 0) {
        assert.isBelow(Date.now(), deadline, 'the job never reached TMDB')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }

      // Another worker is up; the first dies mid-job.
      startWorkers(['metadata'], manager)
      const events = await manager.events('metadata')
      await first.kill()
      const killedAt = Date.now()

      const result = await (job as Job).waitUntilFinished(events, 15_000)
      const resumedInMs = Date.now() - killedAt
      assert.isBelow(resumedInMs, 15_000)
      assert.equal(result.tmdbId, 603)
      await movie.refresh()
      assert.equal(movie.title, 'The Matrix')
      assert.isNotNull((await Movie.findOrFail(movie.id)).metadataSyncedAt)
    } finally {
      await first.kill()
      for (const name of manager.names) await manager.queue(name).obliterate({ force: true })
      await manager.close()
    }
  }).timeout(90_000)
})
