import db from '@adonisjs/lucid/services/db'
import TrainRecommenderJob from '#jobs/train_recommender_job'

/** Ratings an import must change for the model to be retrained right after it (else the nightly run does). */
export const LARGE_IMPORT_RATINGS = 1_000

export type TrainingDecision =
  | { queued: true; jobId: string; reason: 'no model yet' | 'large import' }
  | { queued: false; reason: 'no ratings' | 'a model exists' | 'small import' }

async function hasReadyModel() {
  return Boolean(await db.from('recommender_models').where('status', 'ready').select('id').first())
}

async function hasRatings() {
  return Boolean(await db.from('ratings').select('user_id').first())
}

/**
 * Queues the first training when the catalogue has ratings but no model
 * exists (a worker at start, the bootstrap): collaborative lists serve the
 * popularity fallback until it is in service. Never waits for the training.
 */
export async function queueFirstModel(): Promise<TrainingDecision> {
  if (await hasReadyModel()) return { queued: false, reason: 'a model exists' }
  if (!(await hasRatings())) return { queued: false, reason: 'no ratings' }
  const job = await TrainRecommenderJob.dispatch({ trigger: 'first' })
  return { queued: true, jobId: String(job.id), reason: 'no model yet' }
}

/**
 * After an import: the first model when there is none, a retrain when the
 * import changed many ratings, else nothing (the nightly run picks it up).
 * The training is a job on the ml queue (deduplicated), never awaited here.
 */
export async function queueRetrainAfterImport(changedRatings: number): Promise<TrainingDecision> {
  const first = await queueFirstModel()
  if (first.queued || first.reason === 'no ratings') return first
  if (changedRatings < LARGE_IMPORT_RATINGS) return { queued: false, reason: 'small import' }
  const job = await TrainRecommenderJob.dispatch({ trigger: 'import' })
  return { queued: true, jobId: String(job.id), reason: 'large import' }
}
