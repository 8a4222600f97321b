/*
|--------------------------------------------------------------------------
| Transmit (SSE): routes and channel authorisation
|--------------------------------------------------------------------------
|
| `/__transmit/events` opens a stream (no token: it only carries what the
| stream's subscriptions allow), `/__transmit/subscribe` adds a channel to it
| and is where access is decided. A user may subscribe to their own
| notifications and to the chat rooms they may read; everything else is refused.
|
*/

import transmit from '@adonisjs/transmit/services/main'
import { middleware } from '#start/kernel'
import { CHANNEL_PATTERNS } from '#services/realtime/channels'
import { canSubscribeToRoom } from '#services/chat/chat_access'

transmit.registerRoutes((route) => {
  if (route.getPattern().endsWith('/subscribe')) route.use(middleware.transmitSubscribe())
})

transmit.authorize<{ id: string }>(CHANNEL_PATTERNS.notifications, (ctx, { id }) => {
  return ctx.auth.user?.id === Number(id)
})

transmit.authorize<{ id: string }>(CHANNEL_PATTERNS.chatRoom, async (ctx, { id }) => {
  const user = ctx.auth.user
  return user ? canSubscribeToRoom(user.id, Number(id)) : false
})
