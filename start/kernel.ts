import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

// Lazy error handler and middleware (AdonisJS's way): loaded once the app has booted.
server.errorHandler(() => import('#exceptions/handler'))

/**
 * Server middleware runs for every request, matched route or not (404s
 * get CORS and secure headers too).
 */
server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('#middleware/secure_headers_middleware'),
  () => import('@adonisjs/cors/cors_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#middleware/json_body_middleware'),
  () => import('#middleware/reject_nul_characters_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
])

export const middleware = router.named({
  auth: () => import('#middleware/auth_middleware'),
  silentAuth: () => import('#middleware/silent_auth_middleware'),
  throttle: () => import('#middleware/throttle_middleware'),
  httpCache: () => import('#middleware/http_cache_middleware'),
  idempotency: () => import('#middleware/idempotency_middleware'),
  session: () => import('@adonisjs/session/session_middleware'),
  shield: () => import('@adonisjs/shield/shield_middleware'),
  admin: () => import('#middleware/admin_middleware'),
  transmitSubscribe: () => import('#middleware/transmit_subscribe_middleware'),
  transmitStream: () => import('#middleware/transmit_stream_middleware'),
})
