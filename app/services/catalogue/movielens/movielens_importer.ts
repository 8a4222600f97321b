import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import pg from 'pg'
import db from '@adonisjs/lucid/services/db'
import type { PostgreConfig } from '@adonisjs/lucid/types/database'
import { invalidateAllMovies } from '#services/catalogue/catalogue_cache'
import { GENRES, genresUpsertQuery, mapMovieLensGenre } from '#services/catalogue/genres'
import { parseMovieLensTitle } from '#services/catalogue/movielens/movielens_title'
import { copyCsvFile, copyText, readCsvHeader, type RowResult } from '#services/catalogue/movielens/csv_copy'

/**
 * MovieLens dump importer (ml-latest-small … ml-25m).
 *
 * Each CSV is streamed through csv-parse (rows validated one by one, bad rows
 * skipped and counted with their line number) into a TEMP staging table with
 * COPY, then set-based INSERT … SELECT … ON CONFLICT statements merge the
 * staging tables into the real ones. Everything runs in one transaction on a
 * dedicated pg connection: an import either lands completely or not at all,
 * and running it again converges to the same rows.
 */

export const MOVIELENS_FILES = {
  movies: { name: 'movies.csv', header: ['movieId', 'title', 'genres'] },
  links: { name: 'links.csv', header: ['movieId', 'imdbId', 'tmdbId'] },
  ratings: { name: 'ratings.csv', header: ['userId', 'movieId', 'rating', 'timestamp'] },
  tags: { name: 'tags.csv', header: ['userId', 'movieId', 'tag', 'timestamp'] },
} as const

export type MovieLensFile = keyof typeof MOVIELENS_FILES

const FILE_ORDER: MovieLensFile[] = ['movies', 'links', 'ratings', 'tags']

const EXPECTED_LAYOUT = `Expected a MovieLens directory (e.g. ml-latest-small or ml-25m unzipped) containing:\n${FILE_ORDER.map(
  (file) => `  ${MOVIELENS_FILES[file].name}  (${MOVIELENS_FILES[file].header.join(',')})`
).join('\n')}`

const MAX_INT = 2_147_483_647
const MAX_TITLE_LENGTH = 500
const MAX_TAG_LENGTH = 255
const SAMPLE_SIZE = 5

/** An import problem the operator can fix; the message says how. */
export class MovieLensImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MovieLensImportError'
  }
}

export interface MovieLensImportProgress {
  fileStarted?(file: MovieLensFile, path: string, totalBytes: number): void
  fileProgress?(file: MovieLensFile, bytesRead: number, rows: number): void
  fileFinished?(file: MovieLensFile, rows: number, staged: number): void
  /** A set-based step starts (upserting movies, ratings…). */
  step?(description: string): void
}

export interface MovieLensImportOptions {
  progress?: MovieLensImportProgress
  /** Lucid connection whose settings the raw COPY connection uses (default: primary). */
  connectionName?: string
  /** Drop the catalogue response cache afterwards (default true). */
  invalidateCache?: boolean
  /**
   * Skip PostgreSQL's per-row foreign-key and trigger work for this import
   * (`session_replication_role = replica`). Needs a superuser role and is only
   * used when the written tables carry no trigger beyond the known ratings
   * aggregate one; references stay guaranteed (rows are joined, then locked
   * FOR KEY SHARE like a FK check would). For initial loads of ml-20m/ml-25m.
   */
  bulk?: boolean
}

export interface SkippedRows {
  file: string
  reason: string
  count: number
  /** First few occurrences, e.g. "line 12" or "userId 5". */
  examples: string[]
}

export interface MovieLensImportSummary {
  directory: string
  /** Whether per-row FK/trigger work was skipped, and if not why (when bulk was asked for). */
  bulk: { requested: boolean; used: boolean; reason: string | null }
  movies: {
    rows: number
    inserted: number
    updated: number
    unchanged: number
    /** Existing catalogue movies (from TMDB) matched by tmdb/imdb id and given their movielens_id. */
    linked: number
    withoutTmdbId: number
    genresAdded: number
    genresRemoved: number
  }
  users: { referenced: number; inserted: number }
  ratings: { rows: number; inserted: number; updated: number; unchanged: number }
  tags: { rows: number; inserted: number; alreadyPresent: number }
  skipped: SkippedRows[]
  skippedTotal: number
  elapsedMs: number
  ratingsPerSecond: number
}

/** Counts skipped rows per (file, reason) and keeps a few examples of each. */
class SkipLog {
  #entries = new Map<string, SkippedRows>()

  add(file: string, reason: string, example: string, count = 1) {
    const key = `${file}\u0000${reason}`
    let entry = this.#entries.get(key)
    if (!entry) {
      entry = { file, reason, count: 0, examples: [] }
      this.#entries.set(key, entry)
    }
    entry.count += count
    if (entry.examples.length < SAMPLE_SIZE) entry.examples.push(example)
  }

  addMany(file: string, reason: string, count: number, examples: string[]) {
    if (count <= 0) return
    const key = `${file}\u0000${reason}`
    const entry = this.#entries.get(key) ?? { file, reason, count: 0, examples: [] }
    entry.count += count
    entry.examples.push(...examples.slice(0, SAMPLE_SIZE - entry.examples.length))
    this.#entries.set(key, entry)
  }

  list() {
    return [...this.#entries.values()]
  }
}

/* ------------------------------------------------------------------ rows */

const POSITIVE_INT = /^[1-9]\d{0,9}$/
const INTEGER = /^-?\d{1,12}$/

function positiveInt(value: string): string | null {
  const trimmed = value.trim()
  return POSITIVE_INT.test(trimmed) && Number(trimmed) <= MAX_INT ? trimmed : null
}

function timestamp(value: string): string | null {
  const trimmed = value.trim()
  return INTEGER.test(trimmed) ? trimmed : null
}

/** 0.5–5.0 in half steps, as the ratings table's CHECK constraint demands. */
function rating(value: string): string | null {
  const trimmed = value.trim()
  const number = Number(trimmed)
  if (trimmed === '' || !Number.isFinite(number)) return null
  if (number < 0.5 || number > 5 || !Number.isInteger(number * 2)) return null
  return String(number)
}

/* ------------------------------------------------------------- importer */

export class MovieLensImporter {
  readonly directory: string
  #options: MovieLensImportOptions
  #skips = new SkipLog()
  #ratingsGroupedByUser = true

  constructor(directory: string, options: MovieLensImportOptions = {}) {
    this.directory = resolve(directory)
    this.#options = options
  }

  async run(): Promise<MovieLensImportSummary> {
    const started = performance.now()
    const paths = await this.#checkLayout()
    const client = new pg.Client({ ...this.#connectionConfig(), application_name: 'marquee-movielens-import' })
    try {
      await client.connect()
    } catch (error) {
      throw new MovieLensImportError(
        `Cannot connect to PostgreSQL (${(error as Error).message}). Check DATABASE_URL / DB_* and that the server is running.`
      )
    }

    let summary: Omit<MovieLensImportSummary, 'skipped' | 'skippedTotal' | 'elapsedMs' | 'ratingsPerSecond'>
    try {
      await client.query('BEGIN')
      summary = await this.#importInTransaction(client, paths)
      this.#options.progress?.step?.('Committing')
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      await client.end().catch(() => {})
    }

    if (this.#options.invalidateCache !== false) {
      this.#options.progress?.step?.('Invalidating the catalogue cache')
      await invalidateAllMovies()
    }

    const elapsedMs = performance.now() - started
    const skipped = this.#skips.list()
    return {
      ...summary,
      skipped,
      skippedTotal: skipped.reduce((total, entry) => total + entry.count, 0),
      elapsedMs,
      ratingsPerSecond: elapsedMs > 0 ? summary.ratings.rows / (elapsedMs / 1000) : 0,
    }
  }

  /** Fails before anything is written when the directory, a file or a header is wrong. */
  async #checkLayout(): Promise<Record<MovieLensFile, string>> {
    const directoryStat = await stat(this.directory).catch(() => null)
    if (!directoryStat?.isDirectory()) {
      throw new MovieLensImportError(
        `MovieLens directory not found: ${this.directory}\n${EXPECTED_LAYOUT}\nDownload and unzip a dump from https://grouplens.org/datasets/movielens/ and pass its directory.`
      )
    }

    const paths = {} as Record<MovieLensFile, string>
    const missing: string[] = []
    for (const file of FILE_ORDER) {
      const path = join(this.directory, MOVIELENS_FILES[file].name)
      const fileStat = await stat(path).catch(() => null)
      if (!fileStat?.isFile()) missing.push(MOVIELENS_FILES[file].name)
      paths[file] = path
    }
    if (missing.length) {
      throw new MovieLensImportError(
        `Missing ${missing.join(', ')} in ${this.directory}\n${EXPECTED_LAYOUT}`
      )
    }

    for (const file of FILE_ORDER) {
      const expected = MOVIELENS_FILES[file].header
      const header = await readCsvHeader(paths[file])
      if (header.join(',') !== expected.join(',')) {
        throw new MovieLensImportError(
          `${MOVIELENS_FILES[file].name} has the header "${header.join(',')}", expected "${expected.join(',')}". ` +
            'Only the CSV layout of ml-latest / ml-latest-small / ml-20m / ml-25m is supported (ml-1m and ml-10m use .dat files).'
        )
      }
    }
    return paths
  }

  /** Settings of the Lucid connection, for a dedicated pg client that can COPY. */
  #connectionConfig(): pg.ClientConfig {
    const name = this.#options.connectionName ?? db.primaryConnectionName
    const node = db.manager.get(name)
    if (!node || !['pg', 'postgres', 'postgresql'].includes(node.config.client)) {
      throw new MovieLensImportError(
        `Database connection "${name}" is missing or not PostgreSQL (see config/database.ts); the importer needs PostgreSQL COPY.`
      )
    }
    const connection = (node.config as PostgreConfig).connection
    if (!connection) {
      throw new MovieLensImportError(`Database connection "${name}" has no connection settings.`)
    }
    return typeof connection === 'string' ? { connectionString: connection } : { ...connection }
  }

  async #importInTransaction(client: pg.Client, paths: Record<MovieLensFile, string>) {
    const progress = this.#options.progress
    // One import at a time: the merges below assume nobody else writes the same rows.
    const lock = await client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_xact_lock(hashtext('marquee:movielens-import')) AS locked`
    )
    if (!lock.rows[0].locked) {
      throw new MovieLensImportError(
        'Another MovieLens import is running on this database. Wait for it to finish, then run this one again.'
      )
    }
    // The per-row aggregate trigger is skipped; aggregates are recomputed once below.
    await client.query(`SET LOCAL marquee.skip_rating_aggregates = 'on'`)
    await client.query(`SET LOCAL work_mem = '256MB'`)
    const bulk = await this.#enterBulkMode(client)

    const genres = genresUpsertQuery().toSQL().toNative()
    await client.query(genres.sql, genres.bindings as unknown[])

    await client.query(`
      CREATE TEMP TABLE stg_movies (
        line int NOT NULL, movielens_id int NOT NULL, title text NOT NULL, original_title text,
        year smallint, genre_ids int[] NOT NULL, link_line int, imdb_id text, tmdb_id int,
        movie_id int, linked boolean NOT NULL DEFAULT false
      ) ON COMMIT DROP;
      CREATE TEMP TABLE stg_links (line int NOT NULL, movielens_id int NOT NULL, imdb_id text, tmdb_id int) ON COMMIT DROP;
      CREATE TEMP TABLE stg_ratings (line int NOT NULL, ml_user int NOT NULL, ml_movie int NOT NULL, rating numeric(2,1) NOT NULL, ts bigint NOT NULL) ON COMMIT DROP;
      CREATE TEMP TABLE stg_tags (line int NOT NULL, ml_user int NOT NULL, ml_movie int NOT NULL, tag text NOT NULL, ts bigint NOT NULL) ON COMMIT DROP;
    `)

    const rows = {} as Record<MovieLensFile, number>
    const staged = {} as Record<MovieLensFile, number>
    const converters: Record<MovieLensFile, { copySql: string; toLine: (record: string[], line: number) => RowResult }> = {
      movies: { copySql: 'COPY stg_movies (line, movielens_id, title, original_title, year, genre_ids) FROM STDIN', toLine: this.#movieRow() },
      links: { copySql: 'COPY stg_links (line, movielens_id, imdb_id, tmdb_id) FROM STDIN', toLine: this.#linkRow() },
      ratings: { copySql: 'COPY stg_ratings (line, ml_user, ml_movie, rating, ts) FROM STDIN', toLine: this.#ratingRow() },
      tags: { copySql: 'COPY stg_tags (line, ml_user, ml_movie, tag, ts) FROM STDIN', toLine: this.#tagRow() },
    }

    for (const file of FILE_ORDER) {
      const name = MOVIELENS_FILES[file].name
      const { size } = await stat(paths[file])
      progress?.fileStarted?.(file, paths[file], size)
      const result = await copyCsvFile({
        client,
        path: paths[file],
        copySql: converters[file].copySql,
        columns: MOVIELENS_FILES[file].header.length,
        toLine: converters[file].toLine,
        onSkip: (reason, line) => this.#skips.add(name, reason, `line ${line}`),
        onProgress: (bytesRead, count) => progress?.fileProgress?.(file, bytesRead, count),
      })
      rows[file] = result.rows
      staged[file] = result.copied
      progress?.fileFinished?.(file, result.rows, result.copied)
    }
    // Autovacuum never analyzes temp tables; the planner needs row counts for the joins.
    await client.query('ANALYZE stg_movies; ANALYZE stg_links; ANALYZE stg_ratings; ANALYZE stg_tags')

    progress?.step?.('Upserting movies')
    const movies = await this.#mergeMovies(client)
    progress?.step?.('Creating placeholder users')
    const users = await this.#mergeUsers(client)
    if (bulk.used) {
      progress?.step?.('Locking referenced rows')
      await this.#lockReferencedRows(client)
    }
    progress?.step?.('Assigning genres')
    const genreLinks = await this.#mergeGenres(client)
    progress?.step?.('Upserting ratings')
    // A first bulk load builds the secondary indexes once, after the rows are in.
    const deferred = bulk.used ? await this.#dropSecondaryIndexesIfEmpty(client, 'ratings') : []
    const ratings = await this.#mergeRatings(client, staged.ratings)
    if (deferred.length) {
      progress?.step?.('Rebuilding ratings indexes')
      for (const definition of deferred) await client.query(definition)
    }
    progress?.step?.('Recomputing rating aggregates')
    await this.#recomputeAggregates(client)
    progress?.step?.('Inserting tags')
    const tags = await this.#mergeTags(client)

    return {
      directory: this.directory,
      bulk,
      movies: { rows: rows.movies, ...movies, ...genreLinks },
      users,
      ratings: { rows: rows.ratings, ...ratings },
      tags: { rows: rows.tags, ...tags },
    }
  }

  /* ---------------------------------------------------- row converters */

  #movieRow() {
    const seen = new Set<number>()
    return ([movieIdValue, rawTitle, rawGenres]: string[], line: number): RowResult => {
      const movieId = positiveInt(movieIdValue)
      if (movieId === null) return { skip: 'movieId is not a positive integer' }
      if (seen.has(Number(movieId))) return { skip: 'duplicate movieId (first occurrence kept)' }
      const parsed = parseMovieLensTitle(rawTitle)
      if (parsed.title === '') return { skip: 'empty title' }
      if (parsed.title.length > MAX_TITLE_LENGTH) return { skip: `title longer than ${MAX_TITLE_LENGTH} characters` }
      seen.add(Number(movieId))

      const genreIds = new Set<number>()
      for (const name of rawGenres.split('|')) {
        if (name.trim() === '') continue
        const mapped = mapMovieLensGenre(name)
        if (mapped.kind === 'genre') genreIds.add(mapped.id)
        else if (mapped.kind === 'unknown') {
          this.#skips.add(MOVIELENS_FILES.movies.name, `unknown genre "${mapped.name}" ignored (movie imported)`, `line ${line}`)
        }
      }
      const originalTitle =
        parsed.originalTitle && parsed.originalTitle.length <= MAX_TITLE_LENGTH ? parsed.originalTitle : null
      return `${line}\t${movieId}\t${copyText(parsed.title)}\t${copyText(originalTitle)}\t${parsed.year ?? '\\N'}\t{${[...genreIds].join(',')}}\n`
    }
  }

  #linkRow() {
    const seen = new Set<number>()
    return ([movieIdValue, imdbValue, tmdbValue]: string[], line: number): RowResult => {
      const movieId = positiveInt(movieIdValue)
      if (movieId === null) return { skip: 'movieId is not a positive integer' }
      if (seen.has(Number(movieId))) return { skip: 'duplicate movieId (first occurrence kept)' }
      const imdb = imdbValue.trim()
      if (imdb !== '' && !/^\d{1,10}$/.test(imdb)) return { skip: 'imdbId is not numeric' }
      const tmdb = tmdbValue.trim()
      const tmdbId = tmdb === '' ? null : positiveInt(tmdb)
      if (tmdb !== '' && tmdbId === null) return { skip: 'tmdbId is not a positive integer' }
      seen.add(Number(movieId))
      // IMDb ids are "tt" + at least 7 digits; links.csv drops the leading zeros' prefix.
      const imdbId = imdb === '' ? '\\N' : `tt${imdb.padStart(7, '0')}`
      return `${line}\t${movieId}\t${imdbId}\t${tmdbId ?? '\\N'}\n`
    }
  }

  #ratingRow() {
    // ratings.csv is grouped by userId: duplicates are caught per user block in
    // memory. If the file turns out not to be grouped, SQL removes the rest.
    let currentUser = ''
    let previousUserId = 0
    let moviesOfUser = new Set<string>()
    return ([userValue, movieValue, ratingValue, timeValue]: string[], line: number): RowResult => {
      const userId = positiveInt(userValue)
      if (userId === null) return { skip: 'userId is not a positive integer' }
      const movieId = positiveInt(movieValue)
      if (movieId === null) return { skip: 'movieId is not a positive integer' }
      const value = rating(ratingValue)
      if (value === null) return { skip: 'rating is not between 0.5 and 5.0 in half steps' }
      const ts = timestamp(timeValue)
      if (ts === null) return { skip: 'timestamp is not a unix time in seconds' }
      if (userId !== currentUser) {
        if (Number(userId) < previousUserId) this.#ratingsGroupedByUser = false
        previousUserId = Number(userId)
        currentUser = userId
        moviesOfUser = new Set()
      }
      if (moviesOfUser.has(movieId)) return { skip: 'duplicate rating of the same movie by the same user (first kept)' }
      moviesOfUser.add(movieId)
      return `${line}\t${userId}\t${movieId}\t${value}\t${ts}\n`
    }
  }

  #tagRow() {
    return ([userValue, movieValue, tagValue, timeValue]: string[], line: number): RowResult => {
      const userId = positiveInt(userValue)
      if (userId === null) return { skip: 'userId is not a positive integer' }
      const movieId = positiveInt(movieValue)
      if (movieId === null) return { skip: 'movieId is not a positive integer' }
      const tag = tagValue.trim()
      if (tag === '') return { skip: 'empty tag' }
      if (tag.length > MAX_TAG_LENGTH) return { skip: `tag longer than ${MAX_TAG_LENGTH} characters` }
      const ts = timestamp(timeValue)
      if (ts === null) return { skip: 'timestamp is not a unix time in seconds' }
      return `${line}\t${userId}\t${movieId}\t${copyText(tag)}\t${ts}\n`
    }
  }

  /* ---------------------------------------------------- set-based merges */

  /** Runs a statement returning `count` and `lines` (first line numbers) and records it as skipped. */
  async #recordSkips(client: pg.Client, file: string, reason: string, sql: string, label = 'line') {
    const { rows } = await client.query<{ count: number; examples: number[] | null }>(sql)
    const { count, examples } = rows[0]
    this.#skips.addMany(file, reason, count, (examples ?? []).map((value) => `${label} ${value}`))
    return count
  }

  async #mergeMovies(client: pg.Client) {
    const links = MOVIELENS_FILES.links.name
    await client.query(`
      UPDATE stg_movies s SET imdb_id = l.imdb_id, tmdb_id = l.tmdb_id, link_line = l.line
      FROM stg_links l WHERE l.movielens_id = s.movielens_id
    `)
    await this.#recordSkips(
      client,
      links,
      'movieId not in movies.csv',
      `SELECT count(*)::int AS count, (array_agg(l.line ORDER BY l.line))[1:${SAMPLE_SIZE}] AS examples
       FROM stg_links l WHERE NOT EXISTS (SELECT 1 FROM stg_movies s WHERE s.movielens_id = l.movielens_id)`
    )
    const withoutTmdb = await client.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM stg_movies WHERE tmdb_id IS NULL'
    )

    // Match by movielens_id; otherwise adopt a catalogue movie created from TMDB
    // that has the same tmdb/imdb id and no movielens_id yet.
    await client.query(`UPDATE stg_movies s SET movie_id = m.id FROM movies m WHERE m.movielens_id = s.movielens_id`)
    for (const column of ['tmdb_id', 'imdb_id'] as const) {
      await client.query(`
        WITH candidates AS (
          SELECT DISTINCT ON (m.id) m.id AS movie_id, s.movielens_id
          FROM stg_movies s JOIN movies m ON m.${column} = s.${column}
          WHERE s.movie_id IS NULL AND m.movielens_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM stg_movies o WHERE o.movie_id = m.id)
          ORDER BY m.id, s.movielens_id
        )
        UPDATE stg_movies s SET movie_id = c.movie_id, linked = true
        FROM candidates c WHERE s.movielens_id = c.movielens_id AND s.movie_id IS NULL
      `)
    }
    const linked = await client.query(`
      UPDATE movies m SET movielens_id = s.movielens_id, updated_at = now()
      FROM stg_movies s WHERE s.linked AND m.id = s.movie_id
    `)

    // tmdb_id and imdb_id are unique: a shared id goes to the lowest movieId,
    // and an id another catalogue movie already holds is left empty.
    for (const [column, label] of [['tmdb_id', 'tmdbId'], ['imdb_id', 'imdbId']] as const) {
      await this.#recordSkips(
        client,
        links,
        `${label} shared with a lower movieId (only the first movie gets it)`,
        `WITH cleared AS (
           UPDATE stg_movies s SET ${column} = NULL
           WHERE s.${column} IS NOT NULL
             AND EXISTS (SELECT 1 FROM stg_movies o WHERE o.${column} = s.${column} AND o.movielens_id < s.movielens_id)
           RETURNING s.link_line
         )
         SELECT count(*)::int AS count, (array_agg(link_line ORDER BY link_line))[1:${SAMPLE_SIZE}] AS examples FROM cleared`
      )
      await this.#recordSkips(
        client,
        links,
        `${label} already belongs to another catalogue movie (left empty)`,
        `WITH cleared AS (
           UPDATE stg_movies s SET ${column} = NULL
           WHERE s.${column} IS NOT NULL
             AND EXISTS (SELECT 1 FROM movies m WHERE m.${column} = s.${column} AND m.id IS DISTINCT FROM s.movie_id)
           RETURNING s.link_line
         )
         SELECT count(*)::int AS count, (array_agg(link_line ORDER BY link_line))[1:${SAMPLE_SIZE}] AS examples FROM cleared`
      )
    }

    // Movies TMDB already enriched keep their metadata; only missing ids are filled.
    const upsert = await client.query<{ inserted: number; updated: number }>(`
      WITH upserted AS (
        INSERT INTO movies (movielens_id, title, original_title, year, imdb_id, tmdb_id)
        SELECT movielens_id, title, original_title, year, imdb_id, tmdb_id FROM stg_movies ORDER BY movielens_id
        ON CONFLICT (movielens_id) DO UPDATE SET
          title = CASE WHEN movies.metadata_synced_at IS NULL THEN EXCLUDED.title ELSE movies.title END,
          original_title = CASE WHEN movies.metadata_synced_at IS NULL THEN EXCLUDED.original_title ELSE movies.original_title END,
          year = CASE WHEN movies.metadata_synced_at IS NULL THEN EXCLUDED.year ELSE movies.year END,
          imdb_id = COALESCE(movies.imdb_id, EXCLUDED.imdb_id),
          tmdb_id = COALESCE(movies.tmdb_id, EXCLUDED.tmdb_id),
          updated_at = now()
        WHERE (movies.metadata_synced_at IS NULL
               AND (movies.title, movies.original_title, movies.year)
                   IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.original_title, EXCLUDED.year))
           OR (movies.imdb_id IS NULL AND EXCLUDED.imdb_id IS NOT NULL)
           OR (movies.tmdb_id IS NULL AND EXCLUDED.tmdb_id IS NOT NULL)
        RETURNING (xmax = 0) AS inserted
      )
      SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
      FROM upserted
    `)
    await client.query(`UPDATE stg_movies s SET movie_id = m.id FROM movies m WHERE s.movie_id IS NULL AND m.movielens_id = s.movielens_id`)

    const { inserted, updated } = upsert.rows[0]
    const total = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM stg_movies')
    const linkedCount = linked.rowCount ?? 0
    return {
      inserted,
      updated,
      unchanged: total.rows[0].count - inserted - updated,
      linked: linkedCount,
      withoutTmdbId: withoutTmdb.rows[0].count,
    }
  }

  async #mergeGenres(client: pg.Client) {
    // MovieLens genres are the genre set of movies TMDB has not enriched yet.
    const genres = await client.query<{ added: number; removed: number }>(`
      WITH target AS (
        SELECT s.movie_id, s.genre_ids FROM stg_movies s JOIN movies m ON m.id = s.movie_id
        WHERE m.metadata_synced_at IS NULL
      ),
      removed AS (
        DELETE FROM movie_genres mg USING target t
        WHERE mg.movie_id = t.movie_id AND NOT (mg.genre_id = ANY (t.genre_ids))
        RETURNING 1
      ),
      added AS (
        INSERT INTO movie_genres (movie_id, genre_id)
        SELECT t.movie_id, unnest(t.genre_ids) FROM target t
        ON CONFLICT DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM added)::int AS added, (SELECT count(*) FROM removed)::int AS removed
    `)

    return { genresAdded: genres.rows[0].added, genresRemoved: genres.rows[0].removed }
  }

  /**
   * Bulk mode: decides whether per-row FK checks and triggers can be skipped
   * for this transaction, and switches them off when they can.
   */
  async #enterBulkMode(client: pg.Client): Promise<MovieLensImportSummary['bulk']> {
    if (!this.#options.bulk) return { requested: false, used: false, reason: null }
    const role = await client.query<{ superuser: boolean }>(
      'SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user'
    )
    if (!role.rows[0]?.superuser) {
      return { requested: true, used: false, reason: 'the database role is not a superuser' }
    }
    // Any trigger we do not know about must keep firing: fall back to checked mode. Known:
    // ratings_aggregates (recomputed after the load) and ratings_review_removed (fires only when
    // a review's text is removed; the import inserts ratings and never updates a review).
    const triggers = await client.query<{ name: string }>(`
      SELECT c.relname || '.' || t.tgname AS name
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal
        AND t.tgrelid = ANY (ARRAY['users', 'genres', 'movies', 'movie_genres', 'ratings', 'movie_tags']::regclass[])
        AND NOT (t.tgrelid = 'ratings'::regclass AND t.tgname IN ('ratings_aggregates', 'ratings_review_removed'))
      ORDER BY 1
    `)
    if (triggers.rows.length) {
      return {
        requested: true,
        used: false,
        reason: `unknown trigger(s) ${triggers.rows.map((row) => row.name).join(', ')} must keep firing`,
      }
    }
    await client.query(`SET LOCAL session_replication_role = replica`)
    return { requested: true, used: true, reason: null }
  }

  /**
   * Bulk mode replaces the per-row FK checks: every inserted row is joined to
   * its user/movie/genre, and those rows are locked FOR KEY SHARE (as a FK
   * check locks them) so no concurrent delete can orphan what we insert.
   */
  async #lockReferencedRows(client: pg.Client) {
    await client.query(
      `SELECT
         (SELECT count(*) FROM (SELECT 1 FROM genres WHERE id = ANY ($1::int[]) FOR KEY SHARE) g) AS genres,
         (SELECT count(*) FROM (
            SELECT 1 FROM movies WHERE movielens_id IN (
              SELECT movielens_id FROM stg_movies UNION SELECT ml_movie FROM stg_ratings UNION SELECT ml_movie FROM stg_tags
            ) FOR KEY SHARE) m) AS movies,
         (SELECT count(*) FROM (
            SELECT 1 FROM users WHERE movielens_user_id IN (SELECT ml_user FROM stg_users) FOR KEY SHARE) u) AS users`,
      [GENRES.map((genre) => genre.id)]
    )
  }

  /** One placeholder account per MovieLens userId: no email, no password, never able to log in. */
  async #mergeUsers(client: pg.Client) {
    await client.query(`
      CREATE TEMP TABLE stg_users ON COMMIT DROP AS
      SELECT ml_user FROM stg_ratings UNION SELECT ml_user FROM stg_tags;
      ANALYZE stg_users;
    `)
    await this.#recordSkips(
      client,
      'users',
      'username ml_<userId> is taken by a real account (its ratings and tags are skipped)',
      `SELECT count(*)::int AS count, (array_agg(s.ml_user ORDER BY s.ml_user))[1:${SAMPLE_SIZE}] AS examples
       FROM stg_users s
       WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.movielens_user_id = s.ml_user)
         AND EXISTS (SELECT 1 FROM users u WHERE u.username = ('ml_' || s.ml_user)::citext)`,
      'userId'
    )
    const result = await client.query<{ referenced: number; inserted: number }>(`
      WITH inserted AS (
        INSERT INTO users (username, email, password, is_placeholder, movielens_user_id)
        SELECT ('ml_' || s.ml_user)::citext, NULL, NULL, true, s.ml_user FROM stg_users s
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.movielens_user_id = s.ml_user)
          AND NOT EXISTS (SELECT 1 FROM users u WHERE u.username = ('ml_' || s.ml_user)::citext)
        ORDER BY s.ml_user
        ON CONFLICT DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM stg_users)::int AS referenced, (SELECT count(*) FROM inserted)::int AS inserted
    `)
    return result.rows[0]
  }

  /** Rows of a staging table whose user or movie did not make it into the catalogue. */
  async #recordUnmatched(client: pg.Client, table: 'stg_ratings' | 'stg_tags', file: string) {
    const { rows } = await client.query<{
      no_movie: number
      no_movie_lines: number[] | null
      no_user: number
      no_user_lines: number[] | null
    }>(`
      SELECT count(*) FILTER (WHERE m.id IS NULL)::int AS no_movie,
             (array_agg(s.line ORDER BY s.line) FILTER (WHERE m.id IS NULL))[1:${SAMPLE_SIZE}] AS no_movie_lines,
             count(*) FILTER (WHERE m.id IS NOT NULL AND u.id IS NULL)::int AS no_user,
             (array_agg(s.line ORDER BY s.line) FILTER (WHERE m.id IS NOT NULL AND u.id IS NULL))[1:${SAMPLE_SIZE}] AS no_user_lines
      FROM ${table} s
      LEFT JOIN movies m ON m.movielens_id = s.ml_movie
      LEFT JOIN users u ON u.movielens_user_id = s.ml_user
      WHERE m.id IS NULL OR u.id IS NULL
    `)
    const lines = (values: number[] | null) => (values ?? []).map((line) => `line ${line}`)
    this.#skips.addMany(file, 'movieId not in movies.csv nor in the catalogue', rows[0].no_movie, lines(rows[0].no_movie_lines))
    this.#skips.addMany(file, 'user could not be created (see users)', rows[0].no_user, lines(rows[0].no_user_lines))
    return rows[0].no_movie + rows[0].no_user
  }

  /**
   * When `table` is empty, drops its non-unique indexes and returns their
   * definitions: building an index once by sorting beats maintaining it row
   * by row (about a third of a large load). Unique indexes stay: they guard
   * the data. Everything happens in the import's transaction.
   */
  async #dropSecondaryIndexesIfEmpty(client: pg.Client, table: 'ratings'): Promise<string[]> {
    const empty = await client.query(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`)
    if (!empty.rows[0].empty) return []
    const indexes = await client.query(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i WHERE i.indrelid = $1::regclass AND NOT i.indisunique AND NOT i.indisprimary`,
      [table]
    )
    for (const index of indexes.rows) await client.query(`DROP INDEX ${index.name}`)
    return indexes.rows.map((index: { definition: string }) => index.definition)
  }

  async #mergeRatings(client: pg.Client, staged: number) {
    let mergeable = staged

    // The per-user check while reading is complete when the file is grouped by
    // userId (as MovieLens ships it); otherwise remove the remaining duplicate
    // pairs here, keeping the first line of each.
    if (!this.#ratingsGroupedByUser) {
      mergeable -= await this.#recordSkips(
        client,
        MOVIELENS_FILES.ratings.name,
        'duplicate rating of the same movie by the same user (first kept)',
        `WITH duplicates AS (
           DELETE FROM stg_ratings s USING stg_ratings o
           WHERE o.ml_user = s.ml_user AND o.ml_movie = s.ml_movie AND o.line < s.line
           RETURNING s.line
         )
         SELECT count(*)::int AS count, (array_agg(line ORDER BY line))[1:${SAMPLE_SIZE}] AS examples FROM duplicates`
      )
    }
    mergeable -= await this.#recordUnmatched(client, 'stg_ratings', MOVIELENS_FILES.ratings.name)

    const resolved = `
      SELECT u.id AS user_id, m.id AS movie_id, s.rating, to_timestamp(s.ts) AS rated_at
      FROM stg_ratings s
      JOIN users u ON u.movielens_user_id = s.ml_user
      JOIN movies m ON m.movielens_id = s.ml_movie`

    // Changed ratings first, then the new ones. INSERT … WHERE NOT EXISTS is
    // markedly cheaper than ON CONFLICT over millions of rows (no speculative
    // insertion, no locking of unchanged rows on re-runs); the advisory lock
    // taken at the start keeps two imports from racing on the same pairs.
    const updated = await client.query(`
      UPDATE ratings r SET rating = s.rating, updated_at = s.rated_at
      FROM (${resolved}) s
      WHERE r.user_id = s.user_id AND r.movie_id = s.movie_id
        AND (r.rating IS DISTINCT FROM s.rating OR r.updated_at IS DISTINCT FROM s.rated_at)
    `)
    const inserted = await client.query(`
      INSERT INTO ratings (user_id, movie_id, rating, created_at, updated_at)
      SELECT s.user_id, s.movie_id, s.rating, s.rated_at, s.rated_at FROM (${resolved}) s
      WHERE NOT EXISTS (SELECT 1 FROM ratings r WHERE r.user_id = s.user_id AND r.movie_id = s.movie_id)
    `)
    const insertedCount = inserted.rowCount ?? 0
    const updatedCount = updated.rowCount ?? 0
    return {
      inserted: insertedCount,
      updated: updatedCount,
      unchanged: mergeable - insertedCount - updatedCount,
    }
  }

  /**
   * One statement: count, sum, average and histogram (migration 0097: index
   * = rating × 2) of every movie the file rated, from the ratings table.
   */
  async #recomputeAggregates(client: pg.Client) {
    await client.query(`
      WITH touched AS (
        SELECT DISTINCT m.id FROM stg_ratings s JOIN movies m ON m.movielens_id = s.ml_movie
      ),
      totals AS (
        SELECT r.movie_id, count(*)::int AS n, sum(r.rating)::float8 AS total,
               ARRAY[
                 count(*) FILTER (WHERE r.rating = 0.5), count(*) FILTER (WHERE r.rating = 1.0),
                 count(*) FILTER (WHERE r.rating = 1.5), count(*) FILTER (WHERE r.rating = 2.0),
                 count(*) FILTER (WHERE r.rating = 2.5), count(*) FILTER (WHERE r.rating = 3.0),
                 count(*) FILTER (WHERE r.rating = 3.5), count(*) FILTER (WHERE r.rating = 4.0),
                 count(*) FILTER (WHERE r.rating = 4.5), count(*) FILTER (WHERE r.rating = 5.0)
               ]::integer[] AS histogram
        FROM ratings r JOIN touched t ON t.id = r.movie_id
        GROUP BY r.movie_id
      )
      UPDATE movies m SET
        rating_count = COALESCE(totals.n, 0),
        rating_sum = COALESCE(totals.total, 0),
        average_rating = CASE WHEN totals.n > 0 THEN totals.total / totals.n END,
        rating_histogram = COALESCE(totals.histogram, '{0,0,0,0,0,0,0,0,0,0}'::integer[])
      FROM touched LEFT JOIN totals ON totals.movie_id = touched.id
      WHERE m.id = touched.id
        AND (m.rating_count, m.rating_sum, m.average_rating, m.rating_histogram) IS DISTINCT FROM
            (COALESCE(totals.n, 0), COALESCE(totals.total, 0), CASE WHEN totals.n > 0 THEN totals.total / totals.n END,
             COALESCE(totals.histogram, '{0,0,0,0,0,0,0,0,0,0}'::integer[]))
    `)
  }

  async #mergeTags(client: pg.Client) {
    await this.#recordUnmatched(client, 'stg_tags', MOVIELENS_FILES.tags.name)
    const { rows } = await client.query<{ matched: number; inserted: number }>(`
      WITH matched AS (
        SELECT u.id AS user_id, m.id AS movie_id, s.tag, to_timestamp(s.ts) AS created_at, s.line
        FROM stg_tags s
        JOIN users u ON u.movielens_user_id = s.ml_user
        JOIN movies m ON m.movielens_id = s.ml_movie
      ),
      inserted AS (
        INSERT INTO movie_tags (user_id, movie_id, tag, created_at)
        SELECT user_id, movie_id, tag, created_at FROM matched ORDER BY line
        ON CONFLICT (user_id, movie_id, tag) DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM matched)::int AS matched, (SELECT count(*) FROM inserted)::int AS inserted
    `)
    return { inserted: rows[0].inserted, alreadyPresent: rows[0].matched - rows[0].inserted }
  }
}

/** Convenience for jobs and commands. */
export async function importMovieLens(directory: string, options: MovieLensImportOptions = {}) {
  return new MovieLensImporter(directory, options).run()
}
