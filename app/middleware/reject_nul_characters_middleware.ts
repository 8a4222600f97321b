import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ApiException from '#exceptions/api_exception'

/** Whether a parsed value holds a NUL character in any string, key or nested value. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 32 || value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some((item) => holdsNul(item, depth + 1))
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNul(item, depth + 1))
}

/**
 * PostgreSQL text cannot hold a NUL character, so a query string or body
 * carrying one (`?q=%00`, `"body": "\u0000"`) could only fail in the
 * database as a 500. It is malformed input: 400 E_BAD_REQUEST, for every
 * route at once, before any validator or query sees it.
 */
export default class RejectNulCharactersMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (holdsNul(ctx.request.qs()) || holdsNul(ctx.request.body())) {
      throw ApiException.badRequest('Text must not contain NUL characters (\\u0000)')
    }
    return next()
  }
}
