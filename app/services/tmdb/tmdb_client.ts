import { setTimeout as sleep } from 'node:timers/promises'
import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import { DEVELOPMENT_TMDB_TOKEN, isLocalTmdb } from '#services/tmdb/local_tmdb'
import {
  TmdbAuthError,
  TmdbConfigurationError,
  TmdbError,
  TmdbNotFoundError,
  TmdbUnreachableError,
} from '#services/tmdb/errors'
import type {
  TmdbCollectionDetails,
  TmdbChangeItem,
  TmdbConfiguration,
  TmdbCredits,
  TmdbErrorBody,
  TmdbGenre,
  TmdbMovieDetails,
  TmdbMovieListItem,
  TmdbPage,
  TmdbPersonDetails,
  TmdbPersonMovieCredits,
  TmdbTvDetails,
  TmdbTvListItem,
  TmdbTvSeason,
  TmdbUpcomingPage,
  TmdbVideos,
  TmdbWatchProvider,
  TmdbWatchProviderRegion,
  TmdbWatchProviders,
  TrendingWindow,
} from '#services/tmdb/types'

export interface TmdbClientOptions {
  /** v3 root, e.g. https://api.themoviedb.org/3 */
  baseUrl: string
  /** v4 read access token, sent as `Authorization: Bearer` */
  accessToken: string
  /** Per attempt, headers and body included. */
  timeoutMs?: number
  /** Extra attempts after the first on 429, 5xx, timeouts and network errors. */
  maxRetries?: number
  /** First backoff delay; doubles on each retry. */
  retryBaseMs?: number
  /** Longest wait between attempts; a longer Retry-After fails at once. */
  maxRetryDelayMs?: number
  /** Told about every retry (path, reason, delay); never sees the token. */
  onRetry?: (event: { path: string; attempt: number; delayMs: number; reason: string }) => void
}

/** What `syncMovie` needs in one round trip. */
export const MOVIE_APPEND = ['credits', 'keywords', 'release_dates', 'external_ids', 'videos', 'watch/providers'] as const

export type MovieAppend = (typeof MOVIE_APPEND)[number] | 'images'

/** What `syncSeries` needs from GET /tv/{id} in one round trip (seasons come separately). */
export const TV_APPEND = ['credits', 'keywords', 'content_ratings', 'external_ids'] as const

export type TvAppend = (typeof TV_APPEND)[number]

type Query = Record<string, string | number | undefined>

/** TMDB_ACCESS_TOKEN, else the development token for a local TMDB outside production. */
export function configuredTmdbToken(): string | undefined {
  const token = env.get('TMDB_ACCESS_TOKEN')?.release()
  if (token) return token
  if (env.get('NODE_ENV') !== 'production' && isLocalTmdb(env.get('TMDB_BASE_URL'))) return DEVELOPMENT_TMDB_TOKEN
  return undefined
}

/**
 * TMDB v3 over `fetch`. Retries what may succeed later (429 honouring
 * Retry-After, 5xx, timeouts, network errors) with exponential backoff, and
 * turns everything else into typed errors at once.
 */
export default class TmdbClient {
  readonly baseUrl: string
  readonly timeoutMs: number
  readonly maxRetries: number
  readonly retryBaseMs: number
  readonly maxRetryDelayMs: number
  // A private field: the token never shows up in logs, inspect() or JSON.
  readonly #accessToken: string
  readonly #onRetry?: TmdbClientOptions['onRetry']

  constructor(options: TmdbClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.#accessToken = options.accessToken
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.maxRetries = options.maxRetries ?? 3
    this.retryBaseMs = options.retryBaseMs ?? 500
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000
    this.#onRetry = options.onRetry
  }

  /**
   * A client configured from the environment (read on every call, so tests
   * can point TMDB_BASE_URL at their fake server).
   */
  static fromEnv(overrides: Partial<TmdbClientOptions> = {}) {
    const accessToken = configuredTmdbToken()
    if (!accessToken && !overrides.accessToken) {
      throw new TmdbConfigurationError(
        `TMDB_ACCESS_TOKEN is not set and TMDB_BASE_URL (${env.get('TMDB_BASE_URL')}) is not this machine. ` +
          'Put your TMDB v4 read access token in .env (a local fake server, `node ace tmdb:fake-server`, needs none).'
      )
    }
    return new TmdbClient({
      baseUrl: env.get('TMDB_BASE_URL'),
      accessToken: accessToken!,
      timeoutMs: env.get('TMDB_TIMEOUT_MS', 10_000),
      maxRetries: env.get('TMDB_MAX_RETRIES', 3),
      retryBaseMs: env.get('TMDB_RETRY_BASE_MS', 500),
      onRetry: (event) => logger.info(event, 'TMDB request retried'),
      ...overrides,
    })
  }

  /** Details plus credits, keywords, release dates, external ids and videos in one call. */
  movie(tmdbId: number, append: readonly MovieAppend[] = MOVIE_APPEND) {
    return this.get<TmdbMovieDetails>(`/movie/${tmdbId}`, {
      append_to_response: append.length ? append.join(',') : undefined,
    })
  }

  credits(tmdbId: number) {
    return this.get<TmdbCredits>(`/movie/${tmdbId}/credits`)
  }

  /** A movie's trailers, teasers, clips… (the sync gets them appended to `movie`). */
  videos(tmdbId: number) {
    return this.get<TmdbVideos>(`/movie/${tmdbId}/videos`)
  }

  /** Where a movie can be watched, by region (also appended to `movie` as `watch/providers`). */
  watchProviders(tmdbId: number) {
    return this.get<TmdbWatchProviders>(`/movie/${tmdbId}/watch/providers`)
  }

  /** TMDB's movie providers, of one region when `region` is given. */
  async watchProviderList(region?: string): Promise<TmdbWatchProvider[]> {
    const body = await this.get<{ results: TmdbWatchProvider[] }>('/watch/providers/movie', { watch_region: region })
    return body.results
  }

  /** The regions TMDB has watch providers for. */
  async watchProviderRegions(): Promise<TmdbWatchProviderRegion[]> {
    const body = await this.get<{ results: TmdbWatchProviderRegion[] }>('/watch/providers/regions')
    return body.results
  }

  /** A person's own page: biography, dates, place of birth (the credits carry only name and photo). */
  person(tmdbId: number, options: { movieCredits?: boolean } = {}) {
    return this.get<TmdbPersonDetails>(`/person/${tmdbId}`, {
      append_to_response: options.movieCredits ? 'movie_credits' : undefined,
    })
  }

  /** The movies a person is credited in (cast and crew), as TMDB lists them. */
  personMovieCredits(tmdbId: number) {
    return this.get<TmdbPersonMovieCredits>(`/person/${tmdbId}/movie_credits`)
  }

  /** A collection (franchise) with its parts. */
  collection(tmdbId: number) {
    return this.get<TmdbCollectionDetails>(`/collection/${tmdbId}`)
  }

  trending(window: TrendingWindow, page = 1) {
    return this.get<TmdbPage<TmdbMovieListItem>>(`/trending/movie/${window}`, { page })
  }

  popular(page = 1) {
    return this.get<TmdbPage<TmdbMovieListItem>>('/movie/popular', { page })
  }

  upcoming(page = 1) {
    return this.get<TmdbUpcomingPage>('/movie/upcoming', { page })
  }

  /** Ids changed in a window of at most 14 days (dates as YYYY-MM-DD). */
  changes(options: { startDate: string; endDate: string; page?: number }) {
    return this.get<TmdbPage<TmdbChangeItem>>('/movie/changes', {
      start_date: options.startDate,
      end_date: options.endDate,
      page: options.page ?? 1,
    })
  }

  async genres(): Promise<TmdbGenre[]> {
    const body = await this.get<{ genres: TmdbGenre[] }>('/genre/movie/list')
    return body.genres
  }

  configuration() {
    return this.get<TmdbConfiguration>('/configuration')
  }

  /* TV (issue 9) */

  /** Show details plus credits, keywords, content ratings and external ids in one call. */
  tv(tmdbId: number, append: readonly TvAppend[] = TV_APPEND) {
    return this.get<TmdbTvDetails>(`/tv/${tmdbId}`, {
      append_to_response: append.length ? append.join(',') : undefined,
    })
  }

  /** One season with its episodes. */
  tvSeason(tmdbId: number, seasonNumber: number) {
    return this.get<TmdbTvSeason>(`/tv/${tmdbId}/season/${seasonNumber}`)
  }

  trendingTv(window: TrendingWindow, page = 1) {
    return this.get<TmdbPage<TmdbTvListItem>>(`/trending/tv/${window}`, { page })
  }

  popularTv(page = 1) {
    return this.get<TmdbPage<TmdbTvListItem>>('/tv/popular', { page })
  }

  topRatedTv(page = 1) {
    return this.get<TmdbPage<TmdbTvListItem>>('/tv/top_rated', { page })
  }

  /** Shows with an episode airing in the next seven days. */
  onTheAirTv(page = 1) {
    return this.get<TmdbPage<TmdbTvListItem>>('/tv/on_the_air', { page })
  }

  async tvGenres(): Promise<TmdbGenre[]> {
    const body = await this.get<{ genres: TmdbGenre[] }>('/genre/tv/list')
    return body.genres
  }

  async get<T>(path: string, query: Query = {}): Promise<T> {
    const url = new URL(this.baseUrl + path)
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value))
    }

    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.maxRetries
      let response: Response
      let body: unknown
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${this.#accessToken}`, Accept: 'application/json' },
          signal: AbortSignal.timeout(this.timeoutMs),
        })
        // The timeout covers the body too: a server that stalls mid-body is as dead as a silent one.
        body = await response.json().catch((error: unknown) => {
          if (isAbort(error)) throw error
          return undefined
        })
      } catch (error) {
        const reason = isAbort(error)
          ? `no response within ${this.timeoutMs} ms`
          : describeNetworkError(error)
        if (canRetry) {
          await this.#wait(path, attempt, this.#backoff(attempt), reason)
          continue
        }
        throw new TmdbUnreachableError(path, `${reason} (${attempt + 1} attempt(s))`, error)
      }

      if (response.ok) return body as T

      const { status_code: statusCode, status_message: statusMessage } = (body ?? {}) as TmdbErrorBody
      if (response.status === 404) throw new TmdbNotFoundError(path, statusCode, statusMessage)
      if (response.status === 401) throw new TmdbAuthError(path, statusCode, statusMessage)

      const retryable = response.status === 429 || response.status >= 500
      if (retryable && canRetry) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'))
        if (retryAfter === undefined || retryAfter <= this.maxRetryDelayMs) {
          await this.#wait(
            path,
            attempt,
            retryAfter ?? this.#backoff(attempt),
            `HTTP ${response.status}`
          )
          continue
        }
      }
      throw new TmdbError(
        `TMDB ${response.status} on ${path}: ${statusMessage ?? response.statusText}` +
          (retryable ? ` (${attempt + 1} attempt(s))` : ''),
        { status: response.status, path, statusCode, statusMessage }
      )
    }
  }

  /** Exponential with up to 25 % jitter, so parallel workers do not retry in step. */
  #backoff(attempt: number) {
    const delay = this.retryBaseMs * 2 ** attempt
    return Math.min(this.maxRetryDelayMs, Math.round(delay * (1 + Math.random() * 0.25)))
  }

  async #wait(path: string, attempt: number, delayMs: number, reason: string) {
    this.#onRetry?.({ path, attempt: attempt + 1, delayMs, reason })
    await sleep(delayMs)
  }
}

function isAbort(error: unknown) {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
}

function describeNetworkError(error: unknown) {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause as { code?: string; message?: string } | undefined
  return cause?.code ?? cause?.message ?? error.message
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date. */
function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}
