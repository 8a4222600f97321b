/*
|--------------------------------------------------------------------------
| Transmit (SSE): routes and channel authorisation
|--------------------------------------------------------------------------
|
| `/__transmit/events` opens a stream (no token: it only carries what the
| stream's subscriptions allow), `/__transmit/subscribe` adds a channel to it
| and is where access is decided. A user may subscribe to their own
| notifications and to the chat rooms they may read; everything else is refused.
| Subscribe and unsubscribe need the caller's token (or cookie + CSRF header).
|
*/

import type { ServerResponse } from 'node:http'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import { Redis } from 'ioredis'
import logger from '@adonisjs/core/services/logger'
import { redisConnection } from '#config/redis'
import transmit from '@adonisjs/transmit/services/main'
import { middleware } from '#start/kernel'
import { CHANNEL_PATTERNS } from '#services/realtime/channels'
import { canSubscribeToRoom } from '#services/chat/chat_access'
import { FILTERED_BROADCASTS, realtime } from '#services/realtime/realtime_push'
import { liveSubscriptions } from '#services/realtime/live_subscriptions'

transmit.registerRoutes((route) => {
  if (route.getPattern().endsWith('/events')) route.use(middleware.transmitStream())
  else route.use(middleware.transmitSubscribe())
})

// Room broadcasts that leave some users out (blocks), from any process, on
// a subscriber connection of our own so shutdown can close it outright.
const subscriber = new Redis(redisConnection)
subscriber.on('error', (error) => logger.warn({ err: error }, 'realtime subscriber: Redis error (it reconnects)'))
subscriber.on('message', (_channel, message) => realtime.receiveFiltered(message))
void subscriber.subscribe(FILTERED_BROADCASTS)

transmit.authorize<{ id: string }>(CHANNEL_PATTERNS.notifications, (ctx, { id }) => {
  return ctx.auth.user?.id === Number(id)
})

transmit.authorize<{ id: string }>(CHANNEL_PATTERNS.chatRoom, async (ctx, { id }) => {
  const user = ctx.auth.user
  return user ? canSubscribeToRoom(user, Number(id)) : false
})

/*
 * An open stream never ends by itself, so a graceful shutdown (which waits
 * for every connection) would hang on them: end them first. Clients'
 * EventSource reconnects, to another process or this one once it is back.
 */
const openStreams = new Set<ServerResponse>()
transmit.on('connect', ({ context }) => {
  openStreams.add((context as HttpContext).response.response)
})
transmit.on('disconnect', ({ uid, context }) => {
  openStreams.delete((context as HttpContext).response.response)
  liveSubscriptions.forget(uid)
})
// Terminating hooks run last-registered first: registering once the app is
// ready puts this before the HTTP server's own close.
app.ready(() => {
  app.terminating(async () => {
    for (const response of openStreams) response.end()
    openStreams.clear()
    subscriber.disconnect()
  })
})
