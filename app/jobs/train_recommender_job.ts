import { UnrecoverableError } from 'bullmq'
import { inject } from '@adonisjs/core'
import BaseJob from '#jobs/base_job'
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
 * retried by BullMQ.
 */
@inject()
export default class TrainRecommenderJob extends BaseJob<TrainRecommenderPayload> {
  static jobName = 'train-recommender' as const

  constructor(protected training: TrainingService) {
    super()
  }

  static jobId() {
    return 'train-recommender'
  }

  async handle(payload: TrainRecommenderPayload) {
    const { engine, trigger } = (payload ?? {}) as TrainRecommenderPayload
    try {
      return await this.training.train({ engine, trigger: trigger ?? 'nightly' })
    } catch (error) {
      // Someone else is training right now: their model is as fresh as ours would be.
      if (error instanceof TrainingInProgressError) return { skipped: error.message }
      if (error instanceof NothingToTrainError) throw new UnrecoverableError(error.message)
      throw error
    }
  }
}
