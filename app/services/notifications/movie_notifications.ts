import { inject } from '@adonisjs/core'
import Movie from '#models/movie'
import { imageUrl } from '#transformers/movie_transformer'
import NotificationService from '#services/notifications/notification_service'
import { activeUsers, forEachBatch, notYetNotified, whoMaySee } from '#services/notifications/recipients'

/** A detail of a movie that changed in a TMDB re-sync, worded for people. */
export interface DetailChange {
  field: string
  label: string
}

/** "Title (2024)", or the bare title when the year is unknown. */
function titleWithYear(movie: Movie) {
  return movie.year ? `${movie.title} (${movie.year})` : movie.title
}

/**
 * Notifications about catalogue titles, written by the queue workers
 * (MovieAddedNotificationJob, FavoriteUpdateNotificationJob). Each fan-out
 * is idempotent, so a retried job does not notify anyone twice.
 */
@inject()
export default class MovieNotifications {
  constructor(protected notifications: NotificationService) {}

  /**
   * `movie_added` to every user whose favourite genres include one of the
   * new movie's genres and whose maturity filter shows it. Hidden titles
   * and titles without genres are announced to nobody.
   */
  async announceNewMovie(movieId: number): Promise<number> {
    const movie = await Movie.query().where('id', movieId).preload('genres').first()
    if (!movie || movie.isHidden || !movie.genres.length) return 0
    const genreIds = movie.genres.map((genre) => genre.id)
    const genres = movie.genres.map((genre) => ({ id: genre.id, name: genre.name }))
    const recipients = () => {
      const query = activeUsers().whereExists((sub) =>
        sub
          .from('user_genres')
          .whereColumn('user_genres.user_id', 'users.id')
          .whereIn('user_genres.genre_id', genreIds)
      )
      return notYetNotified(whoMaySee(query, movie), 'movie_added', { movieId: movie.id })
    }
    return forEachBatch(recipients, (userIds) =>
      this.notifications.createMany(
        userIds.map((userId) => ({
          userId,
          type: 'movie_added' as const,
          title: 'New in your genres',
          message: `${titleWithYear(movie)} was added to the catalogue`,
          movieId: movie.id,
          image: imageUrl(movie.posterPath, 'w500'),
          data: { movie_id: movie.id, genres },
        }))
      )
    )
  }

  /**
   * `favorite_update` to the users who have the movie in their favourites
   * (and may still see it). `syncedAt` names the re-sync: one notification
   * per user and re-sync.
   */
  async favoriteChanged(movieId: number, changes: DetailChange[], syncedAt: string): Promise<number> {
    const movie = await Movie.find(movieId)
    if (!movie || movie.isHidden || !changes.length) return 0
    const recipients = () => {
      const query = activeUsers().whereExists((sub) =>
        sub.from('favorites').whereColumn('favorites.user_id', 'users.id').where('favorites.movie_id', movie.id)
      )
      return notYetNotified(whoMaySee(query, movie), 'favorite_update', { dataKey: 'synced_at', value: syncedAt })
    }
    const labels = changes.map((change) => change.label)
    return forEachBatch(recipients, (userIds) =>
      this.notifications.createMany(
        userIds.map((userId) => ({
          userId,
          type: 'favorite_update' as const,
          title: 'A favourite was updated',
          message: `${titleWithYear(movie)}: new ${labels.join(', ')}`,
          movieId: movie.id,
          image: imageUrl(movie.posterPath, 'w500'),
          data: { movie_id: movie.id, changed: changes.map((change) => change.field), synced_at: syncedAt },
        }))
      )
    )
  }
}
