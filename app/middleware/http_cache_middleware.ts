import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

type Response = HttpContext['response']
const preSerialized = new WeakSet<Response>()

/**
 * Sends a body that is already JSON text (a hot path that builds it from
 * cached pieces); the middleware below hashes it as is instead of
 * serialising the body again.
 */
export function sendJson(response: Response, json: string) {
  preSerialized.add(response)
  response.header('Content-Type', 'application/json; charset=utf-8')
  response.send(json)
}

/**
 * Conditional GETs for public endpoints: a strong ETag over the JSON body
 * and the caller's identity (so one user's ETag never matches another's,
 * even for an identical body), `If-None-Match` → 304, `Vary: Authorization`.
 */
export default class HttpCacheMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await next()
    const { request, response } = ctx
    if (request.method() !== 'GET' || response.getStatus() !== 200 || !response.hasContent) return

    response.header('Vary', 'Authorization, Cookie')
    response.header('Cache-Control', 'private, no-cache')

    const viewer = ctx.auth?.user ? `user:${ctx.auth.user.id}` : 'anonymous'
    const body = preSerialized.has(response) ? (response.getBody() as string) : JSON.stringify(response.getBody())
    const etag = `"${createHash('sha1').update(viewer).update('\0').update(body).digest('base64url')}"`
    response.header('ETag', etag)
    // Send the string already built for the hash instead of serialising twice.
    response.header('Content-Type', 'application/json; charset=utf-8')
    response.send(body)

    const ifNoneMatch = request.header('if-none-match')
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      response.status(304)
      response.send('')
    }
  }
}
