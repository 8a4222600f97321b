import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import DiaryService from '#services/diary_service'
import { pageRequest } from '#services/pagination'
import { createDiaryEntryValidator, listDiaryValidator, updateDiaryEntryValidator } from '#validators/diary'

/** vine.date parses YYYY-MM-DD at local midnight; keep that calendar day. */
const calendarDay = (date: Date) => DateTime.fromJSDate(date).startOf('day')

/** /me/diary: the caller's dated watch log. */
@inject()
export default class DiaryController {
  constructor(protected diary: DiaryService) {}

  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(listDiaryValidator, { data: request.qs() })
    return this.diary.list(
      auth.getUserOrFail(),
      { movieId: input.movie_id, year: input.year },
      pageRequest(input),
      request.url(),
      request.qs()
    )
  }

  async store({ auth, request, response }: HttpContext) {
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
    return this.diary.update(auth.getUserOrFail(), Number(params.id), {
      watchedOn: input.watched_on ? calendarDay(input.watched_on) : undefined,
      rewatch: input.rewatch,
      rating: input.rating,
      review: input.review,
      containsSpoilers: input.contains_spoilers,
    })
  }

  async destroy({ auth, params, response }: HttpContext) {
    await this.diary.destroy(auth.getUserOrFail(), Number(params.id))
    return response.noContent()
  }
}
