import { defineConfig } from '@adonisjs/core/app'

export default defineConfig({
  /*
   * Package commands; the app's own commands are found in ./commands.
   */
  commands: [
    () => import('@adonisjs/core/commands'),
    () => import('@adonisjs/lucid/commands'),
    () => import('@adonisjs/session/commands'),
    () => import('@adonisjs/mail/commands'),
    () => import('@adonisjs/bouncer/commands'),
    () => import('@adonisjs/cache/commands'),
  ],

  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    {
      file: () => import('@adonisjs/core/providers/repl_provider'),
      environment: ['repl', 'test'],
    },
    () => import('@adonisjs/core/providers/vinejs_provider'),
    () => import('@adonisjs/core/providers/edge_provider'),
    () => import('@adonisjs/lucid/database_provider'),
    () => import('@adonisjs/auth/auth_provider'),
    () => import('@adonisjs/redis/redis_provider'),
    () => import('@adonisjs/limiter/limiter_provider'),
    () => import('@adonisjs/cache/cache_provider'),
    () => import('@adonisjs/transmit/transmit_provider'),
    () => import('@adonisjs/cors/cors_provider'),
    () => import('@adonisjs/session/session_provider'),
    () => import('@adonisjs/shield/shield_provider'),
    () => import('@adonisjs/mail/mail_provider'),
    () => import('@adonisjs/drive/drive_provider'),
    () => import('@adonisjs/bouncer/bouncer_provider'),
    () => import('#providers/queue_provider'),
  ],

  preloads: [
    () => import('#start/routes'),
    () => import('#start/kernel'),
    () => import('#start/events'),
    () => import('#start/outages'),
    // SSE routes and channel authorisation (not needed by ace commands or workers).
    { file: () => import('#start/transmit'), environment: ['web', 'test'] },
    // The HTTP server loads the recommender model at start (not on the first request).
    { file: () => import('#start/recommender'), environment: ['web'] },
  ],

  tests: {
    suites: [
      { files: ['tests/unit/**/*.spec.{ts,js}'], name: 'unit', timeout: 10000 },
      { files: ['tests/functional/**/*.spec.{ts,js}'], name: 'functional', timeout: 60000 },
      { files: ['tests/browser/**/*.spec.{ts,js}'], name: 'browser', timeout: 60000 },
    ],
    // The summary is printed after teardown has closed our connections; a handle some library
    // leaves open (seen: a run that printed its summary and never exited) must not stall CI.
    forceExit: true,
  },

  metaFiles: [{ pattern: 'resources/views/**/*.edge', reloadServer: false }],
})
