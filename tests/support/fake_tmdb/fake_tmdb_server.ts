import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TmdbMovieDetails, TmdbPersonMovieCredits, TmdbWatchProviders, WatchKind } from '#services/tmdb/types'
import { FakeCatalogue, addDays, isoDate, listItem } from './catalogue.js'
import { FakeTvCatalogue } from './tv_catalogue.js'
import { FakeWatchProviders, slugOf, type AddedOffer } from './watch_providers.js'

export interface FakeTmdbOptions {
  /** 0 picks a free port. */
  port?: number
  host?: string
  /** Directory holding tmdb_5000_movies.csv. */
  dataDir: string
  /** The Bearer token clients must send; without one any non-empty token passes. */
  token?: string
}

/** Matches a request path without the /3 prefix ("/movie/550"); a trailing * matches any rest. */
export type PathPattern = string | RegExp

export interface LoggedRequest {
  method: string
  /** Without the /3 prefix. */
  path: string
  query: Record<string, string>
  authorization: string | undefined
  status: number
  at: number
}

interface QueuedFailure {
  pattern: PathPattern
  status: number
  retryAfter?: number
  remaining: number
  body?: unknown
}

interface QueuedDelay {
  pattern: PathPattern
  ms: number
  remaining: number
}

type Json = Record<string, unknown> | unknown[]

const NOT_FOUND = {
  success: false,
  status_code: 34,
  status_message: 'The resource you requested could not be found.',
}
const UNAUTHORIZED = {
  success: false,
  status_code: 7,
  status_message: 'Invalid API key: You must be granted a valid key.',
}
const INVALID_PAGE = {
  success: false,
  status_code: 22,
  status_message: 'Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.',
}
const PAGE_SIZE = 20
const CHANGES_PAGE_SIZE = 100

/**
 * A stand-in for TMDB's v3 API on plain node:http, serving the TMDB 5000
 * dump (with made-up credits and images) in TMDB's JSON shapes. Tests drive
 * it in-process: queue failures, delay responses, change movies, read the
 * request log. `node ace tmdb:fake-server` runs it for local development.
 */
export default class FakeTmdbServer {
  readonly requests: LoggedRequest[] = []
  #failures: QueuedFailure[] = []
  #delays: QueuedDelay[] = []
  #overrides = new Map<number, Partial<TmdbMovieDetails>>()
  #changed = new Map<number, number>()
  /** Offers tests added to movies (arrivals on a provider), by movie id. */
  #addedOffers = new Map<number, AddedOffer[]>()
  #timers = new Set<NodeJS.Timeout>()
  /** Invented TV shows (the dump has none), served at TMDB's /tv paths. */
  readonly tv = new FakeTvCatalogue()
  /** TMDB's watch providers and every movie's offers by region. */
  readonly watch = new FakeWatchProviders()

  private constructor(
    readonly catalogue: FakeCatalogue,
    readonly server: Server,
    readonly token: string | undefined
  ) {}

  static async start(options: FakeTmdbOptions) {
    const catalogue = await FakeCatalogue.load(options.dataDir)
    let instance: FakeTmdbServer
    const server = createServer((request, response) => instance.#handle(request, response))
    instance = new FakeTmdbServer(catalogue, server, options.token)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    return instance
  }

  /** http://host:port (the API lives under /3). */
  get url() {
    const address = this.server.address() as AddressInfo
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    return `http://${host}:${address.port}`
  }

  /** What TMDB_BASE_URL should be set to. */
  get baseUrl() {
    return `${this.url}/3`
  }

  async close() {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /* ---------------------------------------------------------------- controls */

  /** The next `count` requests matching `pattern` fail with `status` (429 may carry Retry-After seconds). */
  failNext(
    pattern: PathPattern,
    options: { status: number; retryAfter?: number; count?: number; body?: unknown }
  ) {
    this.#failures.push({
      pattern,
      status: options.status,
      retryAfter: options.retryAfter,
      remaining: options.count ?? 1,
      body: options.body,
    })
    return this
  }

  /** The next `count` requests matching `pattern` wait `ms` before answering. */
  delayNext(pattern: PathPattern, options: { ms: number; count?: number }) {
    this.#delays.push({ pattern, ms: options.ms, remaining: options.count ?? 1 })
    return this
  }

  /**
   * Changes what GET /movie/{id} returns from now on (merged over the dump's
   * data) and lists the movie in /movie/changes.
   */
  updateMovie(id: number, patch: Partial<TmdbMovieDetails>) {
    if (!this.catalogue.has(id)) throw new Error(`Movie ${id} is not in the fake TMDB catalogue`)
    this.#overrides.set(id, { ...this.#overrides.get(id), ...patch })
    this.markChanged(id)
    return this
  }

  /**
   * Puts a movie on a provider in a region (an arrival, as JustWatch would
   * report it): its `watch/providers` carry the offer from now on, and the
   * movie is listed in /movie/changes, so the sync of recent changes finds it.
   */
  addWatchProvider(id: number, region: string, providerId: number, kind: WatchKind = 'flatrate') {
    if (!this.catalogue.has(id)) throw new Error(`Movie ${id} is not in the fake TMDB catalogue`)
    if (!this.watch.offeredIn(providerId, region)) throw new Error(`Provider ${providerId} is not offered in ${region}`)
    this.#addedOffers.set(id, [...(this.#addedOffers.get(id) ?? []), { region, providerId, kind }])
    this.markChanged(id)
    return this
  }

  /** GET /movie/{id}/watch/providers as the server would answer now (null for an unknown movie). */
  watchProviders(id: number): TmdbWatchProviders | null {
    const movie = this.#movie(id, [])
    if (!movie) return null
    return this.watch.forMovie(id, slugOf(movie.title), this.#addedOffers.get(id))
  }

  /** Lists movies in /movie/changes as changed at `at` (default now). */
  markChanged(ids: number | number[], at = new Date()) {
    for (const id of [ids].flat()) this.#changed.set(id, at.getTime())
    return this
  }

  /** Requests received for paths matching `pattern`. */
  requestsTo(pattern: PathPattern) {
    return this.requests.filter((request) => matches(pattern, request.path))
  }

  /** Forgets failures, delays, changes, overrides and the request log. */
  reset() {
    this.requests.length = 0
    this.#failures = []
    this.#delays = []
    this.#overrides.clear()
    this.#changed.clear()
    this.#addedOffers.clear()
  }

  /** GET /movie/{id} with every sub-resource appended, as the server would answer now. */
  movie(id: number, append = ['credits', 'keywords', 'release_dates', 'external_ids', 'images', 'videos', 'watch/providers']) {
    return this.#movie(id, append)
  }

  /**
   * GET /person/{id}/movie_credits as the server would answer now: every
   * movie whose credits name the person (a movie's credits changed through
   * `updateMovie` count as changed), without the response's `id`.
   */
  personMovieCredits(personId: number): Omit<TmdbPersonMovieCredits, 'id'> | null {
    const filmography = this.catalogue.filmography(personId)
    if (!filmography) return null
    const overridden = (movieId: number) => this.#overrides.get(movieId)?.credits !== undefined
    const cast = filmography.cast.filter((credit) => !overridden(credit.movieId))
    const crew = filmography.crew.filter((credit) => !overridden(credit.movieId))
    for (const [movieId, override] of this.#overrides) {
      for (const member of override.credits?.cast ?? []) {
        if (member.id === personId) {
          cast.push({ movieId, character: member.character, order: member.order, credit_id: member.credit_id ?? `${movieId}-${personId}` })
        }
      }
      for (const member of override.credits?.crew ?? []) {
        if (member.id === personId) {
          crew.push({ movieId, job: member.job, department: member.department, credit_id: member.credit_id ?? `${movieId}-${personId}` })
        }
      }
    }
    const item = (movieId: number) => listItem(this.#movie(movieId, [])!)
    return {
      cast: cast.map(({ movieId, ...credit }) => ({ ...item(movieId), ...credit })),
      crew: crew.map(({ movieId, ...credit }) => ({ ...item(movieId), ...credit })),
    }
  }

  /** Ids /movie/changes reports for a date range (YYYY-MM-DD, inclusive). */
  changedIds(startDate: string, endDate: string) {
    const start = Date.parse(`${startDate}T00:00:00Z`)
    const end = Date.parse(`${endDate}T23:59:59.999Z`)
    const ids = new Set<number>()
    for (let day = start; day <= end; day += 86_400_000) {
      for (const id of this.catalogue.changedOn(isoDate(new Date(day)))) ids.add(id)
    }
    for (const [id, at] of this.#changed) if (at >= start && at <= end) ids.add(id)
    return [...ids].sort((a, b) => a - b)
  }

  /* ----------------------------------------------------------------- serving */

  async #handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://fake.tmdb')
    const path = url.pathname.replace(/^\/3(?=\/|$)/, '') || '/'
    const query = Object.fromEntries(url.searchParams)
    const entry: LoggedRequest = {
      method: request.method ?? 'GET',
      path,
      query,
      authorization: request.headers.authorization,
      status: 0,
      at: Date.now(),
    }
    this.requests.push(entry)

    const send = (status: number, body: Json, headers: Record<string, string> = {}) => {
      entry.status = status
      // The client may have given up (timeout tests): nothing to answer then.
      if (response.destroyed || response.headersSent) return
      response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers })
      response.end(JSON.stringify(body))
    }

    if (!url.pathname.startsWith('/3/')) return send(404, NOT_FOUND)
    if (!this.#authorized(request, url)) return send(401, UNAUTHORIZED)

    const delay = take(this.#delays, path)
    if (delay) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#timers.delete(timer)
          resolve()
        }, delay.ms)
        this.#timers.add(timer)
      })
    }

    const failure = take(this.#failures, path)
    if (failure) {
      const headers: Record<string, string> = {}
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter)
      return send(failure.status, (failure.body as Json) ?? failureBody(failure.status), headers)
    }

    if (request.method !== 'GET') return send(405, NOT_FOUND)
    try {
      const [status, body] = this.#route(path, url.searchParams)
      send(status, body)
    } catch (error) {
      send(500, { success: false, status_code: 11, status_message: `Internal error: ${(error as Error).message}` })
    }
  }

  #authorized(request: IncomingMessage, url: URL) {
    const header = request.headers.authorization ?? ''
    const bearer = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
    // TMDB also takes a v3 key as ?api_key=.
    const presented = bearer || url.searchParams.get('api_key') || ''
    if (!presented) return false
    return this.token === undefined || presented === this.token
  }

  #route(path: string, params: URLSearchParams): [number, Json] {
    let match: RegExpMatchArray | null
    if (path === '/configuration') return [200, configuration()]
    if (path === '/genre/movie/list') return [200, { genres: this.catalogue.genres }]

    if ((match = path.match(/^\/trending\/movie\/(day|week)$/))) {
      const window = match[1] as 'day' | 'week'
      return this.#page(params, this.catalogue.trending(window), PAGE_SIZE, (id) =>
        listItem(this.#movie(id, [])!, 'movie')
      )
    }
    if (path === '/movie/popular') {
      return this.#page(params, this.catalogue.byPopularity, PAGE_SIZE, (id) => listItem(this.#movie(id, [])!))
    }
    if (path === '/movie/upcoming') {
      const today = new Date()
      const [status, body] = this.#page(params, this.catalogue.upcomingIds, PAGE_SIZE, (id) =>
        listItem(this.#movie(id, [])!)
      )
      if (status !== 200) return [status, body]
      return [status, { dates: { maximum: isoDate(addDays(today, 120)), minimum: isoDate(today) }, ...body }]
    }
    if (path === '/movie/changes') return this.#changes(params)
    if (path === '/watch/providers/regions') return [200, { results: this.watch.regions }]
    if (path === '/watch/providers/movie') {
      const region = params.get('watch_region')
      return [200, { results: this.watch.list(region ? region.toUpperCase() : null) }]
    }
    if (path === '/genre/tv/list' || path.startsWith('/tv/') || path.startsWith('/trending/tv/')) {
      return this.#tvRoute(path, params)
    }

    if ((match = path.match(/^\/person\/(\d+)(\/movie_credits)?$/))) {
      const personId = Number(match[1])
      const person = this.catalogue.personDetails(personId)
      if (!person) return [404, NOT_FOUND]
      if (match[2]) return [200, { id: personId, ...this.personMovieCredits(personId)! }]
      const append = (params.get('append_to_response') ?? '').split(',').map((part) => part.trim())
      return [
        200,
        (append.includes('movie_credits')
          ? { ...person, movie_credits: this.personMovieCredits(personId) }
          : person) as unknown as Json,
      ]
    }
    if ((match = path.match(/^\/collection\/(\d+)$/))) {
      const collection = this.catalogue.collection(Number(match[1]), (id) => listItem(this.#movie(id, [])!))
      return collection ? [200, collection as unknown as Json] : [404, NOT_FOUND]
    }
    if ((match = path.match(/^\/movie\/(\d+)(?:\/(credits|keywords|release_dates|external_ids|images|videos|watch\/providers))?$/))) {
      const id = Number(match[1])
      const sub = match[2]
      const append = (params.get('append_to_response') ?? '').split(',').map((part) => part.trim())
      const movie = this.#movie(id, sub ? [sub] : append)
      if (!movie) return [404, NOT_FOUND]
      if (!sub) return [200, movie as unknown as Json]
      if (sub === 'watch/providers') return [200, movie['watch/providers'] as unknown as Json]
      return [200, { id, ...(movie[sub as keyof TmdbMovieDetails] as object) }]
    }
    return [404, NOT_FOUND]
  }

  #tvRoute(path: string, params: URLSearchParams): [number, Json] {
    let match: RegExpMatchArray | null
    const tv = this.tv
    if (path === '/genre/tv/list') return [200, { genres: tv.genres }]
    if ((match = path.match(/^\/trending\/tv\/(day|week)$/))) {
      return this.#page(params, tv.trending(match[1] as 'day' | 'week'), PAGE_SIZE, (id) => tv.listItem(id, 'tv'))
    }
    if (path === '/tv/popular') return this.#page(params, tv.byPopularity, PAGE_SIZE, (id) => tv.listItem(id))
    if (path === '/tv/top_rated') return this.#page(params, tv.topRated(), PAGE_SIZE, (id) => tv.listItem(id))
    if (path === '/tv/on_the_air') return this.#page(params, tv.onTheAir(), PAGE_SIZE, (id) => tv.listItem(id))
    if ((match = path.match(/^\/tv\/(\d+)\/season\/(\d+)$/))) {
      const season = tv.season(Number(match[1]), Number(match[2]))
      return season ? [200, season as unknown as Json] : [404, NOT_FOUND]
    }
    if ((match = path.match(/^\/tv\/(\d+)$/))) {
      const append = (params.get('append_to_response') ?? '').split(',').map((part) => part.trim())
      const show = tv.details(Number(match[1]), append)
      return show ? [200, show as unknown as Json] : [404, NOT_FOUND]
    }
    return [404, NOT_FOUND]
  }

  #movie(id: number, append: string[]): TmdbMovieDetails | null {
    const base = this.catalogue.details(id)
    if (!base) return null
    const override = this.#overrides.get(id) ?? {}
    const movie: TmdbMovieDetails = { ...base, ...override }
    const wanted = new Set(append)
    const appended: Partial<TmdbMovieDetails> = {}
    if (wanted.has('credits')) appended.credits = override.credits ?? stripId(this.catalogue.credits(id))
    if (wanted.has('keywords')) appended.keywords = override.keywords ?? stripId(this.catalogue.keywords(id))
    if (wanted.has('release_dates')) {
      appended.release_dates =
        override.release_dates ?? stripId(this.catalogue.releaseDates(id, movie.release_date || null))
    }
    if (wanted.has('external_ids')) {
      // Follows an imdb_id set through updateMovie.
      appended.external_ids = override.external_ids ?? stripId(this.catalogue.externalIds(id, movie.imdb_id))
    }
    if (wanted.has('images')) {
      appended.images = override.images ?? stripId(this.catalogue.images(id, movie.poster_path, movie.backdrop_path))
    }
    if (wanted.has('videos')) {
      appended.videos = override.videos ?? stripId(this.catalogue.videos(id, movie.release_date || null))
    }
    if (wanted.has('watch/providers')) {
      // Appended without its id, as TMDB does; the sub-resource path carries it.
      appended['watch/providers'] = stripId(this.watch.forMovie(id, slugOf(movie.title), this.#addedOffers.get(id)))
    }
    for (const key of ['credits', 'keywords', 'release_dates', 'external_ids', 'images', 'videos', 'watch/providers'] as const) {
      delete movie[key]
    }
    return { ...movie, ...appended }
  }

  #page<T>(
    params: URLSearchParams,
    ids: number[],
    size: number,
    item: (id: number) => T
  ): [number, Record<string, unknown>] {
    const page = Number(params.get('page') ?? 1)
    if (!Number.isInteger(page) || page < 1 || page > 500) return [400, INVALID_PAGE]
    return [
      200,
      {
        page,
        results: ids.slice((page - 1) * size, page * size).map(item),
        total_pages: Math.max(1, Math.ceil(ids.length / size)),
        total_results: ids.length,
      },
    ]
  }

  #changes(params: URLSearchParams): [number, Json] {
    const today = isoDate(new Date())
    const endDate = params.get('end_date') ?? today
    const startDate = params.get('start_date') ?? isoDate(addDays(new Date(Date.parse(endDate)), -1))
    const start = Date.parse(startDate)
    const end = Date.parse(endDate)
    if (Number.isNaN(start) || Number.isNaN(end) || end < start || end - start > 14 * 86_400_000) {
      return [
        422,
        { success: false, status_code: 47, status_message: 'Invalid date range: Should be a range no longer than 14 days.' },
      ]
    }
    const ids = this.changedIds(startDate.slice(0, 10), endDate.slice(0, 10))
    return this.#page(params, ids, CHANGES_PAGE_SIZE, (id) => ({ id, adult: false }))
  }
}

function matches(pattern: PathPattern, path: string) {
  if (pattern instanceof RegExp) return pattern.test(path)
  const normalised = pattern.replace(/^\/3(?=\/)/, '')
  return normalised.endsWith('*') ? path.startsWith(normalised.slice(0, -1)) : path === normalised
}

/** Consumes one use of the first queued entry matching `path`. */
function take<T extends { pattern: PathPattern; remaining: number }>(queue: T[], path: string) {
  const index = queue.findIndex((entry) => matches(entry.pattern, path))
  if (index === -1) return undefined
  const entry = queue[index]
  entry.remaining--
  if (entry.remaining <= 0) queue.splice(index, 1)
  return entry
}

function failureBody(status: number) {
  if (status === 429) {
    return {
      success: false,
      status_code: 25,
      status_message: 'Your request count (#) is over the allowed limit of (40).',
    }
  }
  if (status === 401) return UNAUTHORIZED
  if (status === 404) return NOT_FOUND
  if (status === 503) {
    return {
      success: false,
      status_code: 9,
      status_message: 'Service offline: This service is temporarily offline, try again later.',
    }
  }
  return {
    success: false,
    status_code: 11,
    status_message: 'Internal error: Something went wrong, contact TMDb.',
  }
}

function stripId<T extends { id?: number }>(value: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = value
  return rest
}

function configuration() {
  return {
    images: {
      base_url: 'http://image.tmdb.org/t/p/',
      secure_base_url: 'https://image.tmdb.org/t/p/',
      backdrop_sizes: ['w300', 'w780', 'w1280', 'original'],
      logo_sizes: ['w45', 'w92', 'w154', 'w185', 'w300', 'w500', 'original'],
      poster_sizes: ['w92', 'w154', 'w185', 'w342', 'w500', 'w780', 'original'],
      profile_sizes: ['w45', 'w185', 'h632', 'original'],
      still_sizes: ['w92', 'w185', 'w300', 'original'],
    },
    change_keys: [
      'adult', 'budget', 'cast', 'certifications', 'crew', 'genres', 'homepage', 'images',
      'imdb_id', 'keywords', 'original_language', 'original_title', 'overview', 'plot_keywords',
      'poster', 'production_companies', 'production_countries', 'release_dates', 'revenue',
      'runtime', 'spoken_languages', 'status', 'tagline', 'title', 'videos',
    ],
  }
}
