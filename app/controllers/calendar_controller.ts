import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import CalendarService from '#services/library/calendar_service'
import { pageRequest } from '#services/http/pagination'
import { calendarValidator } from '#validators/film_context'

/** GET /me/calendar: releases and episodes of the caller's saved titles between two dates. */
@inject()
export default class CalendarController {
  constructor(protected calendar: CalendarService) {}

  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(calendarValidator, { data: request.qs() })
    const range = this.calendar.range(input)
    return this.calendar.list(auth.getUserOrFail(), range, pageRequest(input), request.url(), request.qs())
  }
}
