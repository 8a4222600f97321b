import { inject } from '@adonisjs/core'
import type { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import DiaryEntry from '#models/diary_entry'
import EpisodeDiaryEntry from '#models/episode_diary_entry'
import Episode from '#models/episode'
import Series from '#models/series'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import DiaryService, {
  type DiaryChanges,
  type DiaryResource,
  updateDiaryEntry,
  watchedBefore,
} from '#services/library/diary_service'
import DiaryEntryTransformer, { type EpisodeDiaryResource } from '#transformers/diary_entry_transformer'
import { findEpisodeOrFail } from '#services/catalogue/series_lookup'
import { seriesSummaries } from '#services/catalogue/series_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { affectedRows } from '#services/database/query_helpers'
import { viewerFor } from '#services/http/viewer'
import emitter from '@adonisjs/core/services/emitter'
import { recordActivity } from '#services/social/activities'

export interface EpisodeDiaryInput {
  seriesId: number
  seasonNumber: number
  episodeNumber: number
  watchedOn: DateTime
  rewatch?: boolean
  rating?: number | null
  review?: string | null
  containsSpoilers?: boolean
}

export type { EpisodeDiaryResource } from '#transformers/diary_entry_transformer'

export interface DiaryListFilters {
  type?: 'movie' | 'series'
  seriesId?: number
  year?: number
}

/**
 * Episodes in the diary (issue 9), and the diary list across both kinds.
 * Logging an episode marks it watched, so the show's next episode to watch
 * moves on. Entry ids share diary_entries' sequence: PATCH/DELETE
 * /me/diary/:id find either kind by id alone.
 */
@inject()
export default class EpisodeDiaryService {
  constructor(protected movies: DiaryService) {}

  async create(user: User, input: EpisodeDiaryInput): Promise<EpisodeDiaryResource> {
    const episode = await findEpisodeOrFail(user, input.seriesId, input.seasonNumber, input.episodeNumber)
    const entry = await db.transaction(async (trx) => {
      const seenBefore =
        input.rewatch ??
        (await watchedBefore(trx, 'episode_diary_entries', { user_id: user.id, episode_id: episode.id }, input.watchedOn))
      const created = await EpisodeDiaryEntry.create(
        {
          userId: user.id,
          seriesId: episode.seriesId,
          episodeId: episode.id,
          watchedOn: input.watchedOn,
          rewatch: seenBefore,
          rating: input.rating ?? null,
          review: input.review?.trim() || null,
          containsSpoilers: input.containsSpoilers ?? false,
        },
        { client: trx }
      )
      await trx
        .table('episode_watches')
        .insert({
          user_id: user.id,
          episode_id: episode.id,
          series_id: episode.seriesId,
          watched_at: input.watchedOn.toJSDate(),
        })
        .onConflict(['user_id', 'episode_id'])
        .ignore()
      return created
    })
    // Into friends' feeds as a movie entry goes (no movie: the feed reads the show from the entry).
    await recordActivity(user.id, 'diary_entry', entry.id, null)
    await emitter.emit('user:library_changed', { userId: user.id, change: 'diary' })
    return (await this.serializeMany(user, [entry]))[0]
  }

  /** The caller's episode entry with this id, or null (it may be a movie entry). */
  async findOwn(user: User, entryId: number) {
    return EpisodeDiaryEntry.query().where({ id: entryId, userId: user.id }).first()
  }

  async update(user: User, entry: EpisodeDiaryEntry, changes: DiaryChanges): Promise<EpisodeDiaryResource> {
    await updateDiaryEntry(user, entry, changes)
    return (await this.serializeMany(user, [entry]))[0]
  }

  /** Removes the entry; the episode stays marked watched (DELETE …/watched unmarks it). */
  async destroy(user: User, entryId: number) {
    const deleted = await EpisodeDiaryEntry.query().where({ id: entryId, userId: user.id }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound('Diary entry not found')
    await emitter.emit('user:library_changed', { userId: user.id, change: 'diary' })
  }

  /**
   * Movie and episode entries together (or one kind), newest viewing first,
   * one pagination: a union of ids orders the page, then each kind is loaded.
   */
  async list(
    user: User,
    filters: DiaryListFilters,
    page: PageRequest,
    path: string,
    query: Record<string, unknown>
  ): Promise<Page<DiaryResource | EpisodeDiaryResource>> {
    const onlySeries = filters.type === 'series' || filters.seriesId !== undefined
    const inYear = (builder: { whereBetween: (column: string, range: [string, string]) => unknown }, column: string) => {
      if (filters.year !== undefined) builder.whereBetween(column, [`${filters.year}-01-01`, `${filters.year}-12-31`])
    }
    const episodes = Series.query()
      .apply((scopes) => scopes.visibleTo(viewerFor(user)))
      .join('episode_diary_entries as d', 'd.series_id', 'series.id')
      .where('d.user_id', user.id)
      .select(db.raw("'series' AS kind"), 'd.id', 'd.watched_on')
    if (filters.seriesId !== undefined) episodes.where('d.series_id', filters.seriesId)
    inYear(episodes, 'd.watched_on')
    let union: typeof episodes | ReturnType<typeof db.from> = episodes
    if (!onlySeries) {
      const movies = db
        .from('diary_entries as d')
        .join('movies', 'movies.id', 'd.movie_id')
        .where('d.user_id', user.id)
        .where('movies.is_hidden', false)
        .select(db.raw("'movie' AS kind"), 'd.id', 'd.watched_on')
      inYear(movies, 'd.watched_on')
      union = movies.unionAll(episodes)
    }
    const [countRow] = await db.from(union.as('entries')).count('* as total')
    const rows = (await db
      .from(union.as('entries'))
      .select('kind', 'id')
      .orderBy('watched_on', 'desc')
      .orderBy('id', 'desc')
      .offset((page.page - 1) * page.perPage)
      .limit(page.perPage)) as { kind: 'movie' | 'series'; id: number }[]

    const idsOf = (kind: 'movie' | 'series') => rows.filter((row) => row.kind === kind).map((row) => row.id)
    const [movieEntries, episodeEntries] = await Promise.all([
      DiaryEntry.query().whereIn('id', idsOf('movie')),
      EpisodeDiaryEntry.query().whereIn('id', idsOf('series')),
    ])
    const [movieResources, episodeResources] = await Promise.all([
      this.movies.serializeMany(user, movieEntries),
      this.serializeMany(user, episodeEntries),
    ])
    const byKey = new Map<string, DiaryResource | EpisodeDiaryResource>()
    for (const resource of movieResources) byKey.set(`movie:${resource.id}`, resource)
    for (const resource of episodeResources) byKey.set(`series:${resource.id}`, resource)
    return {
      data: rows.map((row) => byKey.get(`${row.kind}:${row.id}`)!),
      meta: paginationMeta(Number(countRow.total), page, path, query),
    }
  }

  private async serializeMany(user: User, entries: EpisodeDiaryEntry[]): Promise<EpisodeDiaryResource[]> {
    const [summaries, episodes] = await Promise.all([
      seriesSummaries(
        entries.map((entry) => entry.seriesId),
        user.id
      ),
      Episode.query().whereIn(
        'id',
        entries.map((entry) => entry.episodeId)
      ),
    ])
    const episodeById = new Map(episodes.map((episode) => [episode.id, episode]))
    return entries.map((entry) =>
      DiaryEntryTransformer.episode(entry, summaries.get(entry.seriesId)!, episodeById.get(entry.episodeId)!)
    )
  }
}
