import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ApiException from '#exceptions/api_exception'
import {
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_KEY_PATTERN,
  idempotencyKeys,
  requestFingerprint,
} from '#services/http/idempotency_keys'

export const IDEMPOTENCY_HEADER = 'Idempotency-Key'

/**
 * `Idempotency-Key` on POST routes that create something (named
 * `idempotency` in start/kernel.ts; after `auth`, keys are per user). Without
 * the header the request runs as usual. See app/services/http/idempotency_keys.ts.
 */
export default class IdempotencyMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const key = ctx.request.header(IDEMPOTENCY_HEADER)
    const user = ctx.auth.user
    if (key === undefined || !user) return next()

    if (key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new ApiException(
        `The ${IDEMPOTENCY_HEADER} header must be 1–${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (a UUID is a good choice)`,
        {
          status: 400,
          code: 'E_BAD_REQUEST',
          details: [{ field: IDEMPOTENCY_HEADER, rule: 'format', message: 'Invalid Idempotency-Key' }],
        }
      )
    }

    const route = ctx.route?.name ?? ctx.route?.pattern ?? ctx.request.url()
    const uploads = ctx.request.allFiles()
    const files = Object.entries(uploads).flatMap(([field, entry]) =>
      (Array.isArray(entry) ? entry : [entry]).map((file) => ({ field, name: file.clientName, tmpPath: file.tmpPath }))
    )
    // Uploads are hashed by content; their objects (random tmp paths) stay out of the body.
    const body = Object.fromEntries(Object.entries(ctx.request.body()).filter(([field]) => !(field in uploads)))
    const fingerprint = await requestFingerprint({
      method: ctx.request.method(),
      route,
      params: { ...ctx.params, query: ctx.request.qs() },
      body,
      files,
    })

    const claim = await idempotencyKeys.claim(user.id, key, route, fingerprint)
    if (claim.kind === 'replay') {
      ctx.response.header('Idempotent-Replayed', 'true')
      ctx.response.status(claim.status).json(claim.body)
      return
    }
    if (claim.kind === 'in_flight') {
      throw new ApiException(`A request with this ${IDEMPOTENCY_HEADER} is still being processed; retry shortly`, {
        status: 409,
        code: 'E_CONFLICT',
        details: [{ field: IDEMPOTENCY_HEADER, rule: 'in_flight', message: 'The first request with this key has not finished' }],
        headers: { 'Retry-After': '1' },
      })
    }
    if (claim.kind === 'mismatch') {
      throw new ApiException(
        `This ${IDEMPOTENCY_HEADER} was already used with a different request (${claim.route}); use a new key for a new request`,
        {
          status: 422,
          code: 'E_VALIDATION',
          details: [{ field: IDEMPOTENCY_HEADER, rule: 'reused', message: 'Key reused with a different body or route' }],
        }
      )
    }

    try {
      await next()
    } catch (error) {
      await idempotencyKeys.release(claim.id)
      throw error
    }
    const status = ctx.response.getStatus()
    if (status >= 200 && status < 300) await idempotencyKeys.complete(claim.id, status, ctx.response.getBody())
    else await idempotencyKeys.release(claim.id)
  }
}
