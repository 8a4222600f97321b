/**
 * A failed TMDB call. `status` is the HTTP status (null when no response
 * arrived: timeout or network error); `statusCode` and `statusMessage` are
 * TMDB's own `status_code`/`status_message` when the body carried them.
 * Messages name the path, never the token.
 */
export class TmdbError extends Error {
  constructor(
    message: string,
    readonly details: {
      status: number | null
      path: string
      statusCode?: number
      statusMessage?: string
      cause?: unknown
    }
  ) {
    super(message, { cause: details.cause })
    this.name = 'TmdbError'
  }

  get status() {
    return this.details.status
  }

  get path() {
    return this.details.path
  }

  get statusCode() {
    return this.details.statusCode
  }

  get statusMessage() {
    return this.details.statusMessage
  }
}

/** 404: the movie (or resource) does not exist on TMDB. Retrying cannot help. */
export class TmdbNotFoundError extends TmdbError {
  constructor(path: string, statusCode?: number, statusMessage?: string) {
    super(`TMDB 404 on ${path}: ${statusMessage ?? 'not found'}`, {
      status: 404,
      path,
      statusCode,
      statusMessage,
    })
    this.name = 'TmdbNotFoundError'
  }
}

/** 401: TMDB_ACCESS_TOKEN is missing or rejected. Retrying cannot help. */
export class TmdbAuthError extends TmdbError {
  constructor(path: string, statusCode?: number, statusMessage?: string) {
    super(
      `TMDB 401 on ${path}: ${statusMessage ?? 'unauthorized'} Check TMDB_ACCESS_TOKEN (a v4 read access token).`,
      { status: 401, path, statusCode, statusMessage }
    )
    this.name = 'TmdbAuthError'
  }
}

/** No response: timeout, connection refused, DNS… (after retries). */
export class TmdbUnreachableError extends TmdbError {
  constructor(path: string, reason: string, cause?: unknown) {
    super(`TMDB unreachable on ${path}: ${reason}`, { status: null, path, cause })
    this.name = 'TmdbUnreachableError'
  }
}

/** The client cannot be built: TMDB_ACCESS_TOKEN is not set. */
export class TmdbConfigurationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TmdbConfigurationError'
  }
}

/** Errors a retry cannot fix: jobs fail at once on these (BullMQ UnrecoverableError). */
export function isPermanentTmdbError(error: unknown) {
  return (
    error instanceof TmdbNotFoundError ||
    error instanceof TmdbAuthError ||
    error instanceof TmdbConfigurationError ||
    error instanceof RangeError
  )
}
