import { NOTIFICATION_TYPES } from '#transformers/notification_transformer'
import type { NotificationChannels, NotificationSettings } from '#services/notifications/notification_settings'

/** GET/PATCH /me/notification-settings: every type, in NOTIFICATION_TYPES order, with both channels. */
export type NotificationSettingsResource = Record<string, { in_app: boolean; email: boolean }>

export default class NotificationSettingsTransformer {
  static resource(settings: NotificationSettings): NotificationSettingsResource {
    return Object.fromEntries(
      NOTIFICATION_TYPES.map((type) => {
        const channels: NotificationChannels = settings[type]
        return [type, { in_app: channels.in_app, email: channels.email }]
      })
    )
  }
}
