import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { MOVIES } from '#models/movie'
import { SERIES } from '#models/series'
import { applyVisibility } from '#models/catalogue_scopes'
import ApiException from '#exceptions/api_exception'
import { viewerFor } from '#services/http/viewer'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { seriesSummaries } from '#services/catalogue/series_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import CalendarTransformer, { type CalendarEntry } from '#transformers/calendar_transformer'
import { CALENDAR_DEFAULT_DAYS, CALENDAR_MAX_DAYS } from '#validators/film_context'

export type { CalendarEntry } from '#transformers/calendar_transformer'

export interface CalendarRange {
  from: string
  to: string
}

/** A dated item before its summaries are loaded; the fields after `date` are the tiebreak. */
interface Slot {
  date: string
  /** Movies before episodes on one day. */
  kind: 0 | 1
  name: string
  season: number
  number: number
  id: number
  movieId?: number
  seriesId?: number
  episodeName?: string | null
}

const bySlot = (a: Slot, b: Slot) =>
  a.date.localeCompare(b.date) ||
  a.kind - b.kind ||
  a.name.localeCompare(b.name) ||
  a.season - b.season ||
  a.number - b.number ||
  a.id - b.id

/**
 * GET /me/calendar: what comes out for the caller between two dates — the
 * releases of movies on their watchlist or favourites, and the episodes of
 * series on their series watchlist — ordered by date, then movies before
 * episodes, then by title (series: season and episode), then by id. Only
 * titles the caller may see (the catalogue's visibility rule) show up.
 */
export default class CalendarService {
  /** The window from the query: default today..today+30; 422 naming `to` when it is before `from` or too wide. */
  range(input: { from?: Date; to?: Date }, today = DateTime.utc().startOf('day')): CalendarRange {
    const from = input.from ? DateTime.fromJSDate(input.from, { zone: 'utc' }).startOf('day') : today
    const to = input.to
      ? DateTime.fromJSDate(input.to, { zone: 'utc' }).startOf('day')
      : from.plus({ days: CALENDAR_DEFAULT_DAYS })
    if (to < from) {
      throw ApiException.validation([{ field: 'to', rule: 'afterOrSameAs', message: '`to` must not be before `from`' }])
    }
    if (to.diff(from, 'days').days > CALENDAR_MAX_DAYS) {
      throw ApiException.validation([
        { field: 'to', rule: 'maxSpan', message: `\`to\` must be at most ${CALENDAR_MAX_DAYS} days after \`from\`` },
      ])
    }
    return { from: from.toISODate()!, to: to.toISODate()! }
  }

  async list(
    user: User,
    range: CalendarRange,
    page: PageRequest,
    path: string,
    query: Record<string, unknown>
  ): Promise<Page<CalendarEntry>> {
    const viewer = viewerFor(user)
    const movies = db
      .from('movies')
      .whereBetween('movies.release_date', [range.from, range.to])
      .where((saved) =>
        saved
          .whereIn('movies.id', db.from('watchlist_items').where('user_id', user.id).select('movie_id'))
          .orWhereIn('movies.id', db.from('favorites').where('user_id', user.id).select('movie_id'))
      )
      .select('movies.id', 'movies.title', db.raw(`to_char(movies.release_date, 'YYYY-MM-DD') AS date`))
    applyVisibility(movies, MOVIES, viewer)

    const episodes = db
      .from('episodes')
      .join('series', 'series.id', 'episodes.series_id')
      .whereIn('episodes.series_id', db.from('series_watchlist_items').where('user_id', user.id).select('series_id'))
      .whereBetween('episodes.air_date', [range.from, range.to])
      .select(
        'episodes.id',
        'episodes.series_id',
        'episodes.season_number',
        'episodes.episode_number',
        'episodes.name',
        'series.name as series_name',
        db.raw(`to_char(episodes.air_date, 'YYYY-MM-DD') AS date`)
      )
    applyVisibility(episodes, SERIES, viewer)

    const [movieRows, episodeRows] = await Promise.all([movies, episodes])
    const slots: Slot[] = [
      ...movieRows.map((row: { id: number; title: string; date: string }) => ({
        date: row.date,
        kind: 0 as const,
        name: row.title.toLowerCase(),
        season: 0,
        number: 0,
        id: row.id,
        movieId: row.id,
      })),
      ...episodeRows.map(
        (row: {
          id: number
          series_id: number
          season_number: number
          episode_number: number
          name: string | null
          series_name: string
          date: string
        }) => ({
          date: row.date,
          kind: 1 as const,
          name: row.series_name.toLowerCase(),
          season: row.season_number,
          number: row.episode_number,
          id: row.id,
          seriesId: row.series_id,
          episodeName: row.name,
        })
      ),
    ].sort(bySlot)

    // The window is at most 90 days of one user's titles: sorted here, then one page's summaries loaded.
    const start = (page.page - 1) * page.perPage
    const pageSlots = slots.slice(start, start + page.perPage)
    const [movieCards, seriesCards] = await Promise.all([
      movieSummaries(
        pageSlots.flatMap((slot) => (slot.movieId ? [slot.movieId] : [])),
        user.id
      ),
      seriesSummaries(
        pageSlots.flatMap((slot) => (slot.seriesId ? [slot.seriesId] : [])),
        user.id
      ),
    ])
    const data = pageSlots.map((slot) =>
      slot.movieId
        ? CalendarTransformer.movieRelease(slot.date, movieCards.get(slot.movieId)!)
        : CalendarTransformer.episode(slot.date, seriesCards.get(slot.seriesId!)!, {
            season_number: slot.season,
            episode_number: slot.number,
            name: slot.episodeName ?? null,
          })
    )
    return { data, meta: paginationMeta(slots.length, page, path, query) }
  }
}
