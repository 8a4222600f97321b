import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import logger from '@adonisjs/core/services/logger'
import { invalidateAllMovies, invalidateMovie } from '#services/catalogue/catalogue_cache'
import { invalidateProfileExtras } from '#services/profile/profile_cache'
import { invalidateUserRecommendations } from '#services/recommender/cache'
import { invalidateSeries, invalidateSeriesCatalogue } from '#services/catalogue/series_cache'

/** Above this many titles one catalogue-wide invalidation is cheaper than one per title. */
const PER_TITLE_LIMIT = 200

/** Who and what a deleted account leaves stale in other users' caches. */
export interface AccountFallout {
  friendIds: number[]
  movieIds: number[]
  seriesIds: number[]
}

/**
 * What deleting an account changes for everyone else (issue 17): read
 * before the users row goes (the cascade takes the evidence with it), in
 * the deleting transaction.
 */
export async function collectFallout(trx: TransactionClientContract, userId: number): Promise<AccountFallout> {
  const friends = await trx
    .from('friendships')
    .where('user_low_id', userId)
    .select('user_high_id as id')
    .unionAll((union) => union.from('friendships').where('user_high_id', userId).select('user_low_id as id'))
  // Every movie whose figures (averages, counts, stats and tag counts, cached detail) the user's rows feed.
  const movies = await trx.rawQuery(
    `SELECT movie_id FROM ratings WHERE user_id = :user
     UNION SELECT movie_id FROM watchlist_items WHERE user_id = :user
     UNION SELECT movie_id FROM favorites WHERE user_id = :user
     UNION SELECT movie_id FROM diary_entries WHERE user_id = :user
     UNION SELECT movie_id FROM comments WHERE user_id = :user AND movie_id IS NOT NULL
     UNION SELECT li.movie_id FROM list_items li JOIN lists l ON l.id = li.list_id WHERE l.user_id = :user
     UNION SELECT movie_id FROM movie_tags WHERE user_id = :user`,
    { user: userId }
  )
  const series = await trx.from('series_ratings').where('user_id', userId).distinct('series_id')
  return {
    friendIds: friends.map((row: { id: number }) => Number(row.id)),
    movieIds: movies.rows.map((row: { movie_id: number }) => Number(row.movie_id)),
    seriesIds: series.map((row: { series_id: number }) => Number(row.series_id)),
  }
}

/**
 * Deletes the notifications that point at the account or at what goes with
 * it: any whose actor (`data.user`) it is — friend requests and
 * acceptances, chat messages, replies — and reply notifications about
 * comments that the cascade removes (the user's comments, everything on
 * the user's lists and reviews, and the replies under them). Inside the deleting
 * transaction, so no inbox shows a notification whose subject is gone.
 * Unread counts are computed from these rows, so they follow at once.
 */
export async function deleteNotificationsPointingAt(trx: TransactionClientContract, userId: number): Promise<number> {
  const result = await trx.rawQuery(
    `WITH RECURSIVE gone AS (
       SELECT id FROM comments WHERE user_id = :user OR list_id IN (SELECT id FROM lists WHERE user_id = :user)
          OR rating_id IN (SELECT id FROM ratings WHERE user_id = :user)
       UNION SELECT c.id FROM comments c JOIN gone g ON c.parent_id = g.id
     )
     DELETE FROM notifications n
      WHERE n.user_id <> :user
        AND ((n.data -> 'user' ->> 'id') = :userText
          OR (n.type = 'comment_reply' AND (n.data ->> 'comment_id') IN (SELECT CAST(id AS text) FROM gone)))`,
    { user: userId, userText: String(userId) }
  )
  return Number(result.rowCount ?? 0)
}

/** After commit: drops every cached figure the deleted account was part of. */
export async function invalidateFallout(fallout: AccountFallout) {
  try {
    // Friends' GET /me counts them (stats.friends); "friends like" recommendations too.
    for (const friendId of fallout.friendIds) {
      await Promise.all([invalidateProfileExtras(friendId), invalidateUserRecommendations(friendId)])
    }
    if (fallout.movieIds.length > PER_TITLE_LIMIT) await invalidateAllMovies()
    else for (const movieId of fallout.movieIds) await invalidateMovie(movieId)
    if (fallout.seriesIds.length > PER_TITLE_LIMIT) await invalidateSeriesCatalogue()
    else for (const seriesId of fallout.seriesIds) await invalidateSeries(seriesId)
  } catch (error) {
    // The account is gone already; caches expire on their own (15 min at most).
    logger.error({ err: (error as Error).message }, 'could not invalidate caches after an account deletion')
  }
}
