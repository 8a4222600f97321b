import { ApiClient } from '@japa/api-client'
import type { PluginFn } from '@japa/runner/types'

/**
 * @adonisjs/session's Japa plugin puts its session cookie on every request,
 * and Japa then replaces a hand-written `Cookie` header (the API's
 * cookie-mode tests send one). Sessions belong to /admin only, so the
 * cookie is dropped from every other request. Register after sessionApiClient.
 */
export function scopeSessionCookieToAdmin(cookieName: string): PluginFn {
  return () => {
    ApiClient.onRequest((request) => {
      request.setup(() => {
        const path = new URL(request.config.endpoint, 'http://localhost').pathname
        if (path !== '/admin' && !path.startsWith('/admin/')) delete request.cookiesJar[cookieName]
      })
    })
  }
}
