import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { pageRequest } from '#services/http/pagination'
import NotificationService from '#services/notifications/notification_service'
import { markNotificationsReadValidator, notificationsValidator } from '#validators/social'

/** /me/notifications */
@inject()
export default class NotificationsController {
  constructor(protected notifications: NotificationService) {}

  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(notificationsValidator, { data: request.qs() })
    return this.notifications.list(auth.getUserOrFail(), input.unread_only ?? false, pageRequest(input), request.url(), request.qs())
  }

  /** `{ids}` or `{all: true}` → `{updated: n}` (others' ids are ignored). */
  async markRead({ auth, request }: HttpContext) {
    const input = await request.validateUsing(markNotificationsReadValidator)
    return { updated: await this.notifications.markRead(auth.getUserOrFail(), { ids: input.ids, all: input.all === true }) }
  }

  /** One of the caller's notifications, now read (200 even when it already was); 404 for anyone else's. */
  async markOneRead({ auth, params }: HttpContext) {
    return this.notifications.markOneRead(auth.getUserOrFail(), Number(params.id))
  }
}
