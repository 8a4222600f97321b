/*
|--------------------------------------------------------------------------
| Documentation registry
|--------------------------------------------------------------------------
|
| One file per domain in app/openapi/docs, each documenting its routes by
| route NAME. To document a new domain, add app/openapi/docs/<domain>.ts
| (see catalogue.ts) and list it below. tests/functional/system/openapi.spec.ts
| fails when a route has no entry or an entry matches no route.
|
*/

import type { DocsModule } from '#openapi/types'
import system from '#openapi/docs/system'
import catalogue from '#openapi/docs/catalogue'
import auth from '#openapi/docs/auth'
import profile from '#openapi/docs/profile'
import engagement from '#openapi/docs/engagement'
import recommendations from '#openapi/docs/recommendations'
import series from '#openapi/docs/series'
import social from '#openapi/docs/social'
import chat from '#openapi/docs/chat'
import people from '#openapi/docs/people'
import watchProviders from '#openapi/docs/watch_providers'
import filmContext from '#openapi/docs/film_context'

export const docsModules: DocsModule[] = [
  system,
  catalogue,
  auth,
  profile,
  engagement,
  recommendations,
  social,
  series,
  chat,
  people,
  watchProviders,
  filmContext,
]

export interface Exclusion {
  /** A route name, or a regular expression on the route pattern. */
  name?: string
  pattern?: RegExp
  reason: string
}

/**
 * Routes that are not part of the JSON API and stay out of the document.
 * Anything else without an entry in the registry is a test failure.
 */
export const excludedRoutes: Exclusion[] = [
  {
    pattern: /^\/__transmit\//,
    reason: "Transmit's own SSE protocol (events, subscribe, unsubscribe); see API.md, Chat",
  },
  { name: 'api.not_found', reason: 'Catch-all that answers unknown /api/v1 paths with a 404 envelope' },
  { name: 'openapi.docs', reason: 'The Swagger UI page itself (HTML)' },
  { name: 'openapi.assets', reason: "Swagger UI's static files" },
  { pattern: /^\/admin(\/|$)/, reason: 'Server-rendered admin panel (HTML, session login)' },
  {
    name: 'drive.fs.serve',
    reason: "Uploaded files (avatars) served as they are by @adonisjs/drive's local disk",
  },
]

export function exclusionFor(route: { name?: string; pattern: string }): Exclusion | undefined {
  return excludedRoutes.find(
    (exclusion) =>
      (exclusion.name !== undefined && exclusion.name === route.name) ||
      (exclusion.pattern !== undefined && exclusion.pattern.test(route.pattern))
  )
}
