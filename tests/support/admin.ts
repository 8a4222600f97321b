import type { Job } from 'bullmq'
import queue from '#jobs/queue/queue'
import type { QueueName } from '#config/queue'
import Rating from '#models/rating'
import Report, { type ReportReason } from '#models/report'
import type User from '#models/user'
import { UserFactory } from '#factories/user_factory'
import { MovieFactory } from '#factories/movie_factory'

/** A moderator (or admin) account for the admin panel. */
export function createStaff(role: 'moderator' | 'admin' = 'moderator') {
  return UserFactory.apply(role).create()
}

/** A review by a fresh author, reported by a fresh reporter. */
export async function reportedReview(text: string, reason: ReportReason = 'abuse') {
  const [author, reporter, movie] = await Promise.all([
    UserFactory.create(),
    UserFactory.create(),
    MovieFactory.create(),
  ])
  const review = await Rating.create({ userId: author.id, movieId: movie.id, rating: 2, review: text })
  const report = await fileReport(reporter, 'review', review.id, author.id, text, reason)
  return { author, reporter, movie, review, report }
}

export function fileReport(
  reporter: User,
  targetType: 'review' | 'comment' | 'list',
  targetId: number,
  targetUserId: number,
  snapshot: string,
  reason: ReportReason = 'abuse'
) {
  return Report.create({
    reporterId: reporter.id,
    targetType,
    targetId,
    targetUserId,
    targetSnapshot: snapshot,
    reason,
    message: 'please look',
    status: 'open',
  })
}

/** A job no worker knows fails at once (one attempt): a real failed job. */
export async function failedJob(name: QueueName = 'imports'): Promise<Job> {
  const job = await queue.dispatch(name, 'no-such-job', { n: 1 }, { attempts: 1 })
  for (let i = 0; i < 100; i++) {
    if (await job.isFailed()) return (await queue.queue(name).getJob(job.id!))!
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the job did not fail')
}
