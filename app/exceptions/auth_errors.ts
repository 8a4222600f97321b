import ApiException from '#exceptions/api_exception'

/**
 * The contract's authentication and one-time-code errors. Messages never
 * say whether an account exists.
 */
export const AuthErrors = {
  unauthorized(message = 'Authentication required') {
    return new ApiException(message, {
      status: 401,
      code: 'E_UNAUTHORIZED',
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    })
  },

  invalidCredentials() {
    return new ApiException('Invalid login or password', { status: 401, code: 'E_INVALID_CREDENTIALS' })
  },

  tokenExpired(message = 'The access token has expired; refresh it') {
    return new ApiException(message, {
      status: 401,
      code: 'E_TOKEN_EXPIRED',
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="expired"' },
    })
  },

  accountSuspended() {
    return new ApiException('This account is suspended', { status: 403, code: 'E_ACCOUNT_SUSPENDED' })
  },

  ipBlocked(retryAfterSeconds: number) {
    return new ApiException('Too many failed attempts from this address; try again later', {
      status: 403,
      code: 'E_IP_BLOCKED',
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    })
  },

  csrf() {
    return new ApiException('Missing or invalid CSRF token (send the csrf_token cookie as X-CSRF-Token)', {
      status: 403,
      code: 'E_FORBIDDEN',
    })
  },

  otpInvalid(attemptsLeft: number) {
    return new ApiException('The code is not valid', {
      status: 422,
      code: 'E_OTP_INVALID',
      extra: { attempts_left: attemptsLeft },
    })
  },

  otpExpired() {
    return new ApiException('The code has expired; request a new one', { status: 422, code: 'E_OTP_EXPIRED' })
  },

  otpLocked() {
    return new ApiException('Too many wrong codes; request a new one', { status: 403, code: 'E_OTP_LOCKED' })
  },

  /** 422 naming one field, e.g. a wrong current password. */
  field(field: string, rule: string, message: string) {
    return ApiException.validation([{ field, rule, message }])
  },
}
