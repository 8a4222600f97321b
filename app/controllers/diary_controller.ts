import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import ApiException from '#exceptions/api_exception'
import DiaryService from '#services/library/diary_service'
import EpisodeDiaryService from '#services/library/episode_diary_service'
import { pageRequest } from '#services/http/pagination'
import {
  createDiaryEntryValidator,
  createEpisodeDiaryEntryValidator,
  listDiaryValidator,
  updateDiaryEntryValidator,
} from '#validators/diary'

/** vine.date parses YYYY-MM-DD at local midnight; keep that calendar day. */
const calendarDay = (date: Date) => DateTime.fromJSDate(date).startOf('day')

/** /me/diary: the caller's dated watch log of movies and (issue 9) episodes. */
@inject()
export default class DiaryController {
  constructor(
    protected diary: DiaryService,
    protected episodes: EpisodeDiaryService
  ) {}

  /** `?type=movie` (or `movie_id`) is the movie-only list; otherwise episodes too, one pagination. */
  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(listDiaryValidator, { data: request.qs() })
    if (input.type === 'movie' || input.movie_id !== undefined) {
      return this.diary.list(
        auth.getUserOrFail(),
        { movieId: input.movie_id, year: input.year },
        pageRequest(input),
        request.url(),
        request.qs()
      )
    }
    return this.episodes.list(
      auth.getUserOrFail(),
      { type: input.type, seriesId: input.series_id, year: input.year },
      pageRequest(input),
      request.url(),
      request.qs()
    )
  }

  /** A movie (`movie_id`) or an episode (`series_id`, `season_number`, `episode_number`). */
  async store({ auth, request, response }: HttpContext) {
    if (request.input('series_id') !== undefined) {
      if (request.input('movie_id') !== undefined) {
        throw ApiException.validation([
          { field: 'movie_id', rule: 'prohibited', message: 'Give either movie_id or series_id, not both' },
        ])
      }
      const input = await request.validateUsing(createEpisodeDiaryEntryValidator)
      const entry = await this.episodes.create(auth.getUserOrFail(), {
        seriesId: input.series_id,
        seasonNumber: input.season_number,
        episodeNumber: input.episode_number,
        watchedOn: calendarDay(input.watched_on),
        rewatch: input.rewatch,
        rating: input.rating,
        review: input.review,
        containsSpoilers: input.contains_spoilers,
      })
      return response.created(entry)
    }
    const input = await request.validateUsing(createDiaryEntryValidator)
    const entry = await this.diary.create(auth.getUserOrFail(), {
      movieId: input.movie_id,
      watchedOn: calendarDay(input.watched_on),
      rewatch: input.rewatch,
      rating: input.rating,
      review: input.review,
      containsSpoilers: input.contains_spoilers,
    })
    return response.created(entry)
  }

  async update({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(updateDiaryEntryValidator)
    const user = auth.getUserOrFail()
    const changes = {
      watchedOn: input.watched_on ? calendarDay(input.watched_on) : undefined,
      rewatch: input.rewatch,
      rating: input.rating,
      review: input.review,
      containsSpoilers: input.contains_spoilers,
    }
    // Ids are unique across both kinds (one sequence): an episode entry, else a movie entry or 404.
    const episodeEntry = await this.episodes.findOwn(user, Number(params.id))
    if (episodeEntry) return this.episodes.update(user, episodeEntry, changes)
    return this.diary.update(user, Number(params.id), changes)
  }

  async destroy({ auth, params, response }: HttpContext) {
    const user = auth.getUserOrFail()
    if (await this.episodes.findOwn(user, Number(params.id))) await this.episodes.destroy(user, Number(params.id))
    else await this.diary.destroy(user, Number(params.id))
    return response.noContent()
  }
}
