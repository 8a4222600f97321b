import { defineConfig } from '@adonisjs/auth'
import { sessionGuard, sessionUserProvider } from '@adonisjs/auth/session'
import type { GuardConfigProvider } from '@adonisjs/auth/types'
import type { HttpContext } from '@adonisjs/core/http'
import type { InferAuthenticators, InferAuthEvents, Authenticators } from '@adonisjs/auth/types'
import type { JwtGuard } from '#auth/guards/jwt_guard'

/**
 * The guard module is imported lazily (not to dodge a circle: the guard
 * never imports this file; its settings are in app/auth/auth_settings.ts):
 * it pulls in services that wait for the application to boot, and config
 * files are read during boot.
 */
function jwtGuardProvider(): GuardConfigProvider<(ctx: HttpContext) => JwtGuard> {
  return {
    async resolver(_name, app) {
      const { jwtGuard } = await import('#auth/guards/jwt_guard')
      return jwtGuard(app)
    },
  }
}

const authConfig = defineConfig({
  default: 'jwt',
  guards: {
    jwt: jwtGuardProvider(),
    /** Cookie session of the server-rendered admin panel only (/admin routes). */
    web: sessionGuard({
      useRememberMeTokens: false,
      // Lazy, as AdonisJS expects: models need the booted database.
      provider: sessionUserProvider({ model: () => import('#models/user') }),
    }),
  },
})

export default authConfig

/**
 * Inferring types from the configured auth
 * guards.
 */
declare module '@adonisjs/auth/types' {
  export interface Authenticators extends InferAuthenticators<typeof authConfig> {}
}
declare module '@adonisjs/core/types' {
  interface EventsList extends InferAuthEvents<Authenticators> {}
}
