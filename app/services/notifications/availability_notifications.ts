import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import Movie from '#models/movie'
import { imageUrl } from '#transformers/movie_transformer'
import NotificationService from '#services/notifications/notification_service'
import { activeUsers, forEachBatch, notYetNotified, whoMaySee } from '#services/notifications/recipients'

/** Names one arrival (movie, region, provider, when first seen): one notification per user and arrival. */
export function arrivalKey(movieId: number, region: string, providerId: number, seenAt: string) {
  return `${movieId}:${region}:${providerId}:${Date.parse(seenAt)}`
}

/**
 * `availability` notifications, written by AvailabilityNotificationJob:
 * "<Title> is now on <Provider>" to each user who has the movie on their
 * watchlist and the provider among their streaming services in the
 * arrival's region (`/me/services`). Idempotent per arrival, so a retried
 * job or a re-queued one notifies nobody twice.
 */
@inject()
export default class AvailabilityNotifications {
  constructor(protected notifications: NotificationService) {}

  async announceArrivals(movieId: number, arrivals: { region: string; providerId: number }[], seenAt: string): Promise<number> {
    const movie = await Movie.find(movieId)
    if (!movie || movie.isHidden || !arrivals.length) return 0
    const providers = await db
      .from('watch_providers')
      .whereIn('id', [...new Set(arrivals.map((arrival) => arrival.providerId))])
      .select('id', 'name', 'logo_path')
    const byId = new Map(providers.map((row: { id: number; name: string; logo_path: string | null }) => [row.id, row]))

    let notified = 0
    for (const arrival of arrivals) {
      const provider = byId.get(arrival.providerId)
      if (!provider) continue
      const key = arrivalKey(movie.id, arrival.region, provider.id, seenAt)
      const recipients = () => {
        const query = activeUsers()
          .whereExists((sub) =>
            sub
              .from('watchlist_items')
              .whereColumn('watchlist_items.user_id', 'users.id')
              .where('watchlist_items.movie_id', movie.id)
          )
          .whereExists((sub) =>
            sub
              .from('user_streaming_settings')
              .whereColumn('user_streaming_settings.user_id', 'users.id')
              .where('user_streaming_settings.region', arrival.region)
          )
          .whereExists((sub) =>
            sub
              .from('user_streaming_services')
              .whereColumn('user_streaming_services.user_id', 'users.id')
              .where('user_streaming_services.provider_id', provider.id)
          )
        return notYetNotified(whoMaySee(query, movie), 'availability', { dataKey: 'arrival', value: key })
      }
      notified += await forEachBatch(recipients, (userIds) =>
        this.notifications.createMany(
          userIds.map((userId) => ({
            userId,
            type: 'availability' as const,
            title: 'Now available to stream',
            message: `${movie.title} is now on ${provider.name}`,
            movieId: movie.id,
            image: imageUrl(movie.posterPath, 'w500'),
            data: {
              movie_id: movie.id,
              provider_id: provider.id,
              provider_name: provider.name,
              region: arrival.region,
              arrival: key,
            },
          }))
        )
      )
    }
    return notified
  }
}
