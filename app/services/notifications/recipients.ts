import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { ABOVE_TEEN_CERTIFICATIONS } from '#models/movie'
import type { NotificationType } from '#services/notifications/notification_service'

/** Recipients read (and notifications written) per round of a fan-out. */
export const FAN_OUT_BATCH = 1000

/** The movie fields the maturity filter reads. */
export interface MovieMaturity {
  adult: boolean
  certification: string | null
}

/**
 * Accounts that receive notifications: real (not MovieLens placeholders)
 * and not suspended. Selects `users.id` and is ordered for keyset paging.
 */
export function activeUsers(): DatabaseQueryBuilderContract {
  return db
    .from('users')
    .where('users.is_placeholder', false)
    .whereNull('users.suspended_at')
    .select('users.id')
    .orderBy('users.id')
}

/**
 * Keeps the users whose maturity filter shows `movie` — the SQL form of
 * Movie.visibleTo for a set of users (adult titles only to adults who chose
 * `adult`; `teen` drops certifications above PG-13).
 */
export function whoMaySee(query: DatabaseQueryBuilderContract, movie: MovieMaturity) {
  if (movie.adult) {
    const adultsBornBy = DateTime.utc().minus({ years: 18 }).toISODate()!
    query.where('users.maturity_filter', 'adult').where('users.birth_date', '<=', adultsBornBy)
  }
  if (movie.certification && ABOVE_TEEN_CERTIFICATIONS.includes(movie.certification)) {
    query.whereNot('users.maturity_filter', 'teen')
  }
  return query
}

/**
 * Drops users who already have a notification of `type` matching `match`
 * (a column value or a `data` key): a retried fan-out job skips whom it
 * already notified instead of notifying them twice.
 */
export function notYetNotified(
  query: DatabaseQueryBuilderContract,
  type: NotificationType,
  match: { movieId: number } | { dataKey: string; value: string | number }
) {
  return query.whereNotExists((sub) => {
    sub
      .from('notifications')
      .whereColumn('notifications.user_id', 'users.id')
      .where('notifications.type', type)
      .select(db.raw('1'))
    if ('movieId' in match) sub.where('notifications.movie_id', match.movieId)
    // jsonb ->> reads text: compare with the value as text.
    else sub.whereRaw('notifications.data ->> ? = ?', [match.dataKey, String(match.value)])
  })
}

/**
 * Runs `recipients` in batches of `size` user ids (keyset on users.id) and
 * hands each batch to `handle`; returns how many ids were handed over.
 */
export async function forEachBatch(
  recipients: () => DatabaseQueryBuilderContract,
  handle: (userIds: number[]) => Promise<unknown>,
  size = FAN_OUT_BATCH
): Promise<number> {
  let after = 0
  let total = 0
  for (;;) {
    const rows = (await recipients().where('users.id', '>', after).limit(size)) as { id: number }[]
    if (!rows.length) return total
    const ids = rows.map((row) => row.id)
    await handle(ids)
    total += ids.length
    after = ids[ids.length - 1]
    if (rows.length < size) return total
  }
}
