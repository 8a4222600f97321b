/*
|--------------------------------------------------------------------------
| Recommender warm-up
|--------------------------------------------------------------------------
|
| Loads the newest trained recommender model into memory once the HTTP
| server is ready, so the first recommendation request does not pay for it
| (without this preload the model loads on first use). Preloaded for the
| `web` environment only: ace commands and tests load it when they need it.
|
*/

import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'

// Imported once ready (not at the top): the model store needs the booted database and Redis.
app.ready(async () => {
  const { default: modelStore } = await import('#services/recommender/model_store')
  const { listenForModels, stopListeningForModels } = await import('#services/recommender/model_announcements')
  // A model trained by a worker is in service here within a moment of its end (Redis pub/sub).
  listenForModels()
  app.terminating(() => stopListeningForModels())
  await modelStore.refresh().catch((error) => logger.error({ err: error }, 'recommender: cannot load the model at start'))
})
