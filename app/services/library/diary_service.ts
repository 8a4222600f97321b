import { DateTime } from 'luxon'
import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'
import DiaryEntry from '#models/diary_entry'
import type EpisodeDiaryEntry from '#models/episode_diary_entry'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import DiaryEntryTransformer, { type DiaryResource } from '#transformers/diary_entry_transformer'
import Movie from '#models/movie'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { viewerFor } from '#services/http/viewer'
import { recordActivity } from '#services/social/activities'
import { invalidateFeedActor } from '#services/social/feed_cache'
import { invalidateMovieEngagement } from '#services/catalogue/movie_engagement_cache'

export interface DiaryInput {
  movieId: number
  watchedOn: DateTime
  rewatch?: boolean
  rating?: number | null
  review?: string | null
  containsSpoilers?: boolean
}

export type DiaryChanges = Partial<Omit<DiaryInput, 'movieId'>>

export type { DiaryResource } from '#transformers/diary_entry_transformer'

/** Whether the user logged this title or episode on or before `watchedOn` (the default of `rewatch`). */
export async function watchedBefore(
  trx: TransactionClientContract,
  table: 'diary_entries' | 'episode_diary_entries',
  subject: Record<string, number>,
  watchedOn: DateTime
) {
  return Boolean(await trx.from(table).where(subject).where('watched_on', '<=', watchedOn.toISODate()!).first())
}

/**
 * PATCH /me/diary/:id of either kind: applies the changes and drops the
 * friends' feed pages showing the entry (date, rating, rewatch).
 */
export async function updateDiaryEntry(user: User, entry: DiaryEntry | EpisodeDiaryEntry, changes: DiaryChanges) {
  if (changes.watchedOn !== undefined) entry.watchedOn = changes.watchedOn
  if (changes.rewatch !== undefined) entry.rewatch = changes.rewatch
  if (changes.rating !== undefined) entry.rating = changes.rating
  if (changes.review !== undefined) entry.review = changes.review?.trim() || null
  if (changes.containsSpoilers !== undefined) entry.containsSpoilers = changes.containsSpoilers
  await entry.save()
  await invalidateFeedActor(user.id)
}

/**
 * The dated watch log. Each viewing is its own entry, with its own optional
 * rating and review (the movie's rating is separate: PUT /movies/:id/rating).
 * Entries are private to their owner: another user's id is a 404.
 */
export default class DiaryService {
  async list(
    user: User,
    filters: { movieId?: number; year?: number },
    page: PageRequest,
    path: string,
    query: Record<string, unknown>
  ): Promise<Page<DiaryResource>> {
    const base = DiaryEntry.query()
      .where('diary_entries.user_id', user.id)
      .whereExists((movies) =>
        movies.from('movies').whereColumn('movies.id', 'diary_entries.movie_id').where('movies.is_hidden', false)
      )
    if (filters.movieId !== undefined) base.where('diary_entries.movie_id', filters.movieId)
    if (filters.year !== undefined) {
      base.whereBetween('diary_entries.watched_on', [`${filters.year}-01-01`, `${filters.year}-12-31`])
    }
    const [countRow] = await base.clone().count('* as total')
    const entries = await base
      .clone()
      .orderBy('diary_entries.watched_on', 'desc')
      .orderBy('diary_entries.id', 'desc')
      .offset((page.page - 1) * page.perPage)
      .limit(page.perPage)
    return {
      data: await this.serializeMany(user, entries),
      meta: paginationMeta(Number(countRow.$extras.total), page, path, query),
    }
  }

  /**
   * A new entry. `rewatch` defaults to whether the user logged the movie
   * before; watching it marks it watched on the watchlist.
   */
  async create(user: User, input: DiaryInput): Promise<DiaryResource> {
    const movie = await Movie.query()
      .where('movies.id', input.movieId)
      .apply((scopes) => scopes.visibleTo(viewerFor(user)))
      .first()
    if (!movie) {
      throw ApiException.validation([{ field: 'movie_id', rule: 'exists', message: 'The movie does not exist' }])
    }
    const entry = await db.transaction(async (trx) => {
      const seenBefore =
        input.rewatch ?? (await watchedBefore(trx, 'diary_entries', { user_id: user.id, movie_id: movie.id }, input.watchedOn))
      const created = await DiaryEntry.create(
        {
          userId: user.id,
          movieId: movie.id,
          watchedOn: input.watchedOn,
          rewatch: seenBefore,
          rating: input.rating ?? null,
          review: input.review?.trim() || null,
          containsSpoilers: input.containsSpoilers ?? false,
        },
        { client: trx }
      )
      await trx
        .from('watchlist_items')
        .where({ user_id: user.id, movie_id: movie.id, watched: false })
        .update({ watched: true, watched_at: input.watchedOn.toJSDate() })
      return created
    })
    await recordActivity(user.id, 'diary_entry', entry.id, movie.id)
    await Promise.all([
      invalidateMovieEngagement([movie.id]),
      emitter.emit('user:library_changed', { userId: user.id, change: 'diary' }),
    ])
    return (await this.serializeMany(user, [entry]))[0]
  }

  async update(user: User, entryId: number, changes: DiaryChanges): Promise<DiaryResource> {
    const entry = await this.findOwnOrFail(user, entryId)
    await updateDiaryEntry(user, entry, changes)
    return (await this.serializeMany(user, [entry]))[0]
  }

  async destroy(user: User, entryId: number) {
    const deleted: { movie_id: number }[] = await db
      .from('diary_entries')
      .where({ id: entryId, user_id: user.id })
      .delete()
      .returning('movie_id')
    if (!deleted.length) throw ApiException.notFound('Diary entry not found')
    await Promise.all([
      invalidateMovieEngagement([deleted[0].movie_id]),
      emitter.emit('user:library_changed', { userId: user.id, change: 'diary' }),
    ])
  }

  private async findOwnOrFail(user: User, entryId: number) {
    const entry = await DiaryEntry.query().where({ id: entryId, userId: user.id }).first()
    if (!entry) throw ApiException.notFound('Diary entry not found')
    return entry
  }

  /** Public for the mixed diary list (episode_diary_service.ts). */
  async serializeMany(user: User, entries: DiaryEntry[]): Promise<DiaryResource[]> {
    const movies = await movieSummaries(
      entries.map((entry) => entry.movieId),
      user.id
    )
    return entries.map((entry) => DiaryEntryTransformer.movie(entry, movies.get(entry.movieId)!))
  }
}
