import { UnrecoverableError, type JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import type { QueueName } from '#config/queue'
import { clearFinishedJob } from '#services/tmdb/job_dispatch'
import type { Engine } from '#services/recommender/bundle'
import TrainingService, {
  NothingToTrainError,
  TrainingInProgressError,
  type TrainingTrigger,
} from '#services/recommender/training_service'

export interface TrainRecommenderPayload {
  /** Collaborative engine of for_you (default from the config). */
  engine?: Engine
  trigger?: TrainingTrigger
}

/**
 * Retrains the recommender (nightly schedule, or on demand). Training runs
 * in a worker thread; a failure keeps the previous model in service and is
 * retried by BullMQ. Generic over the payload for BaseJob.dispatch's sake
 * (see SyncMovieJob).
 */
export default class TrainRecommenderJob<Payload = TrainRecommenderPayload> extends BaseJob<Payload> {
  static queueName: QueueName = 'ml'
  static jobName = 'train-recommender'

  static jobId() {
    return 'train-recommender'
  }

  /** One pending retrain at a time; a finished one does not block the next. */
  static async dispatch<P, T extends { new (): BaseJob<P> } & typeof BaseJob>(
    this: T,
    payload: P & TrainRecommenderPayload,
    options: JobsOptions = {}
  ) {
    await clearFinishedJob(this.queueName, options.jobId ?? this.jobId(payload))
    return super.dispatch<P, T>(payload, options)
  }

  async handle(payload: Payload) {
    const { engine, trigger } = (payload ?? {}) as TrainRecommenderPayload
    try {
      return await new TrainingService().train({ engine, trigger: trigger ?? 'nightly' })
    } catch (error) {
      // Someone else is training right now: their model is as fresh as ours would be.
      if (error instanceof TrainingInProgressError) return { skipped: error.message }
      if (error instanceof NothingToTrainError) throw new UnrecoverableError(error.message)
      throw error
    }
  }
}
