import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ViewHistoryService from '#services/library/view_history_service'
import { pageRequest } from '#services/http/pagination'
import { historyValidator } from '#validators/collection'

/** GET /me/history: movies the caller opened, newest first. */
@inject()
export default class HistoryController {
  constructor(protected history: ViewHistoryService) {}

  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(historyValidator, { data: request.qs() })
    return this.history.list(auth.getUserOrFail(), pageRequest(input), request.url(), request.qs())
  }
}
