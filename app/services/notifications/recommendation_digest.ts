import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import User from '#models/user'
import RecommendationService from '#services/recommender/recommendation_service'
import NotificationService, { type NewNotification } from '#services/notifications/notification_service'
import { activeUsers, forEachBatch, notYetNotified } from '#services/notifications/recipients'

/** Who gets the digest: users who rated something in the last this-many days. */
export const DIGEST_ACTIVE_DAYS = 30
/** Picks per digest. */
export const DIGEST_PICKS = 3
/** Users ranked (and notified in one INSERT) per round: ranking is the slow part. */
const DIGEST_BATCH = 100

/** The ISO week a digest belongs to, e.g. "2026-W47": one digest per user and week. */
export function digestWeek(at: DateTime = DateTime.utc()) {
  return at.toUTC().toFormat("kkkk-'W'WW")
}

/** "A", "A and B", "A, B and C". */
function titles(names: string[]) {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]
}

/**
 * The weekly `movie_recommendation` digest (RecommendationDigestJob): each
 * active user's top `for_you` picks, exactly what GET /me/recommendations
 * would list first (watchlist excluded), in one notification.
 */
@inject()
export default class RecommendationDigest {
  constructor(
    protected notifications: NotificationService,
    protected recommendations: RecommendationService
  ) {}

  async send(week: string = digestWeek()): Promise<number> {
    const since = DateTime.utc().minus({ days: DIGEST_ACTIVE_DAYS }).toJSDate()
    const recipients = () =>
      notYetNotified(
        activeUsers().whereExists((sub) =>
          // ratings (user_id, created_at) index: a range per user, not a scan of every rating.
          sub.from('ratings').whereColumn('ratings.user_id', 'users.id').where('ratings.created_at', '>=', since)
        ),
        'movie_recommendation',
        { dataKey: 'week', value: week }
      )
    let notified = 0
    await forEachBatch(
      recipients,
      async (userIds) => {
        const users = await User.query().whereIn('id', userIds).orderBy('id')
        const digests: NewNotification[] = []
        for (const user of users) {
          const digest = await this.digestFor(user, week)
          if (digest) digests.push(digest)
        }
        notified += (await this.notifications.createMany(digests)).length
      },
      DIGEST_BATCH
    )
    return notified
  }

  private async digestFor(user: User, week: string): Promise<NewNotification | null> {
    const items = await this.recommendations.forUser(user, { model: 'for_you', limit: DIGEST_PICKS, includeWatchlist: false })
    if (!items.length) return null
    const movies = items.map((item) => item.movie)
    return {
      userId: user.id,
      type: 'movie_recommendation',
      title: 'Your picks of the week',
      message: `Picked for you this week: ${titles(movies.map((movie) => movie.title))}`,
      movieId: movies[0].id,
      image: movies[0].poster_url,
      data: { movie_ids: movies.map((movie) => movie.id), week },
    }
  }
}
