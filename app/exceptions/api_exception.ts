import { Exception } from '@adonisjs/core/exceptions'

export interface ErrorDetail {
  field: string
  rule: string
  message: string
}

/**
 * An error the API reports to its caller in the contract's envelope:
 * `{ error: { code, message, details? } }`. Extra top-level keys of the
 * error object (for example `attempts_left`) go in `extra`.
 */
export default class ApiException extends Exception {
  constructor(
    message: string,
    options: {
      status: number
      code: string
      details?: ErrorDetail[]
      extra?: Record<string, unknown>
      headers?: Record<string, string>
    }
  ) {
    super(message, { status: options.status, code: options.code })
    this.details = options.details
    this.extra = options.extra
    this.headers = options.headers
  }

  declare details?: ErrorDetail[]
  declare extra?: Record<string, unknown>
  declare headers?: Record<string, string>

  static badRequest(message: string) {
    return new ApiException(message, { status: 400, code: 'E_BAD_REQUEST' })
  }

  static notFound(message = 'Resource not found') {
    return new ApiException(message, { status: 404, code: 'E_NOT_FOUND' })
  }

  static forbidden(message = 'You are not allowed to do this') {
    return new ApiException(message, { status: 403, code: 'E_FORBIDDEN' })
  }

  static conflict(message: string, details?: ErrorDetail[]) {
    return new ApiException(message, { status: 409, code: 'E_CONFLICT', details })
  }

  static validation(details: ErrorDetail[], message = 'The request has invalid fields') {
    return new ApiException(message, { status: 422, code: 'E_VALIDATION', details })
  }

  static unavailable(message: string) {
    return new ApiException(message, { status: 503, code: 'E_UNAVAILABLE' })
  }

  static upstream(message: string) {
    return new ApiException(message, { status: 502, code: 'E_UPSTREAM' })
  }
}
