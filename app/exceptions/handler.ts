import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import ApiException, { type ErrorDetail } from '#exceptions/api_exception'
import { RETRY_AFTER_SECONDS, noteOutage, unavailableDependency } from '#exceptions/dependency_outage'
import { flashBoundedInput } from '#services/admin/flashed_input'

interface Envelope {
  status: number
  body: { error: { code: string; message: string; details?: ErrorDetail[] } & Record<string, unknown> }
  headers?: Record<string, string>
}

interface VineMessage {
  field: string
  rule: string
  message: string
}

/** Framework error codes mapped onto the contract's codes. */
const FRAMEWORK_CODES: Record<string, { status: number; code: string; message?: string }> = {
  E_ROUTE_NOT_FOUND: { status: 404, code: 'E_NOT_FOUND', message: 'Route not found' },
  E_ROW_NOT_FOUND: { status: 404, code: 'E_NOT_FOUND', message: 'Resource not found' },
  E_UNAUTHORIZED_ACCESS: { status: 401, code: 'E_UNAUTHORIZED', message: 'Authentication required' },
  E_INVALID_CREDENTIALS: { status: 401, code: 'E_INVALID_CREDENTIALS', message: 'Invalid credentials' },
  E_TOO_MANY_REQUESTS: { status: 429, code: 'E_RATE_LIMITED', message: 'Too many requests' },
  E_BAD_CSRF_TOKEN: { status: 403, code: 'E_FORBIDDEN', message: 'Invalid or missing CSRF token' },
  // @adonisjs/drive's /uploads route when the file is gone.
  E_CANNOT_SERVE_FILE: { status: 404, code: 'E_NOT_FOUND', message: 'File not found' },
}

/**
 * flydrive's refusals of a key that is no file name (`..` segments,
 * backslashes, NUL, empty): on the /uploads route they are the caller's bad
 * path, answered before any file is touched. Elsewhere they stay 500s (our bug).
 */
const UNSERVABLE_UPLOAD_PATHS = new Set(['E_PATH_TRAVERSAL_DETECTED', 'E_UNALLOWED_CHARACTERS', 'E_INVALID_KEY'])
const UPLOADS_ROUTE = 'drive.fs.serve'

function isBadUploadPath(error: unknown, ctx?: HttpContext) {
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' && UNSERVABLE_UPLOAD_PATHS.has(code) && ctx?.route?.name === UPLOADS_ROUTE
}

const STATUS_CODES: Record<number, string> = {
  400: 'E_BAD_REQUEST',
  401: 'E_UNAUTHORIZED',
  403: 'E_FORBIDDEN',
  404: 'E_NOT_FOUND',
  405: 'E_BAD_REQUEST',
  409: 'E_CONFLICT',
  413: 'E_BAD_REQUEST',
  415: 'E_BAD_REQUEST',
  422: 'E_VALIDATION',
  429: 'E_RATE_LIMITED',
  502: 'E_UPSTREAM',
  503: 'E_UNAVAILABLE',
}

const ADMIN_TITLES: Record<number, string> = {
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many requests',
  500: 'Something went wrong',
}

function isAdminRequest(ctx: HttpContext) {
  const url = ctx.request.url()
  return url === '/admin' || url.startsWith('/admin/')
}

/**
 * Every API error leaves in one envelope; a 500 never carries a stack
 * trace or internal message (they go to the log with the request id).
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction

  /** Client errors are the caller's business, not the operator's. */
  protected ignoreStatuses = [400, 401, 403, 404, 405, 409, 413, 415, 422, 429]

  toEnvelope(error: unknown, ctx?: HttpContext): Envelope {
    const err = error as {
      status?: number
      code?: string
      message?: string
      messages?: unknown
      headers?: Record<string, string>
      getDefaultHeaders?: () => Record<string, string>
      response?: { getHeaders?: () => Record<string, string> }
    }

    if (error instanceof ApiException) {
      return {
        status: error.status,
        body: {
          error: {
            code: error.code!,
            message: error.message,
            ...(error.details ? { details: error.details } : {}),
            ...(error.extra ?? {}),
          },
        },
        headers: error.headers,
      }
    }

    if (err.code === 'E_VALIDATION_ERROR' && Array.isArray(err.messages)) {
      const details = (err.messages as VineMessage[]).map((m) => ({
        field: m.field,
        rule: m.rule,
        message: m.message,
      }))
      return {
        status: 422,
        body: { error: { code: 'E_VALIDATION', message: 'The request has invalid fields', details } },
      }
    }

    // PostgreSQL or Redis unreachable: the client may retry shortly (API.md: never 500).
    const dependency = unavailableDependency(error)
    if (dependency) {
      return {
        status: 503,
        body: {
          error: {
            code: 'E_UNAVAILABLE',
            message: `The service is temporarily unavailable (${dependency}); retry in a few seconds`,
          },
        },
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      }
    }

    if (isBadUploadPath(error, ctx)) {
      return { status: 400, body: { error: { code: 'E_BAD_REQUEST', message: 'Invalid file path' } } }
    }

    // A policy's denial carries its own status: 404 for what the caller may not see, 403 otherwise.
    if (err.code === 'E_AUTHORIZATION_FAILURE') {
      const denial = (error as { response?: { status?: number; message?: string } }).response
      const status = denial?.status ?? 403
      return {
        status,
        body: {
          error: {
            code: STATUS_CODES[status] ?? 'E_FORBIDDEN',
            message: denial?.message ?? 'You are not allowed to do this',
          },
        },
      }
    }

    const mapped = err.code ? FRAMEWORK_CODES[err.code] : undefined
    if (mapped) {
      const headers = err.code === 'E_TOO_MANY_REQUESTS' ? this.rateLimitHeaders(error) : undefined
      return {
        status: mapped.status,
        body: { error: { code: mapped.code, message: mapped.message ?? err.message ?? '' } },
        headers,
      }
    }

    const status = typeof err.status === 'number' && err.status >= 400 ? err.status : 500
    if (status >= 500 && status !== 502 && status !== 503) {
      return {
        status: 500,
        body: { error: { code: 'E_INTERNAL', message: 'Something went wrong on our side' } },
      }
    }
    return {
      status,
      body: {
        error: {
          code: STATUS_CODES[status] ?? 'E_BAD_REQUEST',
          message: this.clientMessage(status, err.message),
        },
      },
    }
  }

  private clientMessage(status: number, message?: string) {
    if (status === 400) return 'Malformed request body: ' + (message ?? 'cannot be parsed')
    if (status === 413) return 'Request body is too large'
    return message ?? 'Request failed'
  }

  private rateLimitHeaders(error: unknown): Record<string, string> {
    const response = (error as { response?: { limit: number; remaining: number; availableIn: number } })
      .response
    if (!response) return {}
    return {
      'X-RateLimit-Limit': String(response.limit),
      'X-RateLimit-Remaining': String(Math.max(0, response.remaining)),
      'X-RateLimit-Reset': String(response.availableIn),
      'Retry-After': String(response.availableIn),
    }
  }

  async handle(error: unknown, ctx: HttpContext) {
    // The server-rendered admin panel gets pages and redirects, never JSON.
    if (isAdminRequest(ctx)) return this.handleAdmin(error, ctx)
    const envelope = this.toEnvelope(error, ctx)
    for (const [name, value] of Object.entries(envelope.headers ?? {})) {
      ctx.response.header(name, value)
    }
    return ctx.response.status(envelope.status).json(envelope.body)
  }

  /**
   * Errors of /admin: anonymous → login page, a bad form → back with the
   * errors flashed (shown inline), anything else → an HTML error page.
   */
  private async handleAdmin(error: unknown, ctx: HttpContext) {
    const err = error as { code?: string; messages?: unknown }
    if (err.code === 'E_UNAUTHORIZED_ACCESS') {
      return ctx.response.redirect().toRoute('admin.login')
    }
    if (err.code === 'E_VALIDATION_ERROR' && Array.isArray(err.messages) && ctx.session) {
      // Errors only: the input is flashed bounded (a huge field would not fit a cookie).
      ctx.session.flashValidationErrors(error as never, false)
      flashBoundedInput(ctx.session, ctx.request.original())
      return ctx.response.redirect().back()
    }
    const envelope = this.toEnvelope(error)
    for (const [name, value] of Object.entries(envelope.headers ?? {})) {
      ctx.response.header(name, value)
    }
    const messages: Record<string, string> = {
      E_BAD_CSRF_TOKEN: 'Your form has expired or did not come from this site. Go back, reload the page and try again.',
      E_TOO_MANY_REQUESTS: 'Too many attempts. Wait a minute and try again.',
    }
    const message = (err.code && messages[err.code]) || envelope.body.error.message
    const html = await ctx.view.render('admin/pages/error', {
      status: envelope.status,
      title: ADMIN_TITLES[envelope.status] ?? 'Error',
      message,
    })
    return ctx.response.status(envelope.status).header('content-type', 'text/html; charset=utf-8').send(html)
  }

  async report(error: unknown, ctx: HttpContext) {
    // One warning per outage, not a stack per request.
    const dependency = unavailableDependency(error)
    if (dependency) {
      noteOutage(dependency, error)
      return
    }
    // A client's bad path, answered 400: nothing for the operator's log.
    if (isBadUploadPath(error, ctx)) return
    return super.report(error, ctx)
  }
}
