import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import NotificationSettingsService from '#services/notifications/notification_settings'
import NotificationSettingsTransformer from '#transformers/notification_settings_transformer'
import { notificationSettingsValidator } from '#validators/notification_settings'

/** /me/notification-settings: which notification types reach the caller in-app and by email. */
@inject()
export default class NotificationSettingsController {
  constructor(protected settings: NotificationSettingsService) {}

  async show({ auth }: HttpContext) {
    return NotificationSettingsTransformer.resource(await this.settings.forUser(auth.getUserOrFail().id))
  }

  /** A partial change (`{friend_request: {email: false}}`) → every type's channels. */
  async update({ auth, request }: HttpContext) {
    // The body alone: every key of it is a type (request.all() would add params, headers and cookies).
    const patch = await request.validateUsing(notificationSettingsValidator, { data: request.body() })
    return NotificationSettingsTransformer.resource(await this.settings.update(auth.getUserOrFail().id, patch))
  }
}
