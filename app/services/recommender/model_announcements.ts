import { Redis } from 'ioredis'
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import { redisConnection } from '#config/redis'
import modelStore from '#services/recommender/model_store'

/**
 * "A new recommender model is ready" over Redis pub/sub: the process that
 * trained it publishes the version, every app process loads it at once
 * (instead of noticing it on a request up to 30 s later). Scoped to the
 * Redis db, as pub/sub channels are shared by every db of a server.
 */
export const MODEL_CHANNEL = `marquee:recommender:model-ready:db${redisConnection.db}`

/** Tells every process a version is ready (the row is committed before this is called). */
export async function announceModel(version: string) {
  await redis.publish(MODEL_CHANNEL, version).catch((error) => {
    // The periodic check in ModelStore still picks the model up.
    logger.warn({ err: error, version }, 'recommender: cannot announce the new model')
  })
}

let subscriber: Redis | null = null

/**
 * Subscribes this process to announcements (web processes; start/recommender.ts).
 * On each one the store loads the newest ready version, again if a refresh
 * already under way started before the announced row existed.
 */
export function listenForModels() {
  if (subscriber) return
  const connection = new Redis(redisConnection)
  subscriber = connection
  connection.on('error', (error) => logger.warn({ err: error }, 'recommender: announcement subscriber error (it reconnects)'))
  connection.on('message', (_channel: string, version: string) => {
    void (async () => {
      await modelStore.refresh()
      if (modelStore.active?.version !== version) await modelStore.refresh()
    })().catch((error) => logger.error({ err: error, version }, 'recommender: cannot load the announced model'))
  })
  void connection.subscribe(MODEL_CHANNEL).catch((error) => {
    logger.warn({ err: error }, 'recommender: cannot subscribe to model announcements')
  })
}

export function stopListeningForModels() {
  subscriber?.disconnect()
  subscriber = null
}
