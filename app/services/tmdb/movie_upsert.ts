import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Movie from '#models/movie'
import CrewCredit from '#models/crew_credit'
import type {
  TmdbCastMember,
  TmdbCrewMember,
  TmdbGenre,
  TmdbKeyword,
  TmdbMovieInput,
  TmdbReleaseDates,
} from '#services/tmdb/types'
import { MOVIE_KIND } from '#services/catalogue/title_kinds'
import { billedCast, castRows, personRow, replaceCast } from '#services/tmdb/title_credits'
import { upsertCollectionRef } from '#services/tmdb/collection_sync_service'
import { replaceVideos } from '#services/tmdb/movie_videos'
import { normaliseImdbId, parseDate, text, clip, positive, finite, uniqueBy, upsertGenres, upsertKeywords, upsertPeople, type PersonRow, snakeCase } from '#services/tmdb/tmdb_values'

export { CAST_LIMIT } from '#services/tmdb/title_credits'

/** Crew jobs worth keeping (the rest of a TMDB crew list is hundreds of names). */
export const CREW_JOBS = new Set([
  'Director',
  'Co-Director',
  'Screenplay',
  'Writer',
  'Story',
  'Novel',
  'Characters',
  'Producer',
  'Executive Producer',
  'Original Music Composer',
  'Music',
  'Director of Photography',
  'Editor',
  'Casting',
  'Production Design',
])

export interface ApplyOptions {
  /** Every write of one movie happens in this transaction. */
  client: TransactionClientContract
  /** Create the movie when nothing matches (otherwise return null). */
  create: boolean
}

export interface ApplyResult {
  movie: Movie
  created: boolean
  /** Columns (snake_case) and relations (genres, keywords, cast, crew, videos, collection) that changed. */
  changedFields: string[]
}

/**
 * Writes a TMDB-shaped movie (an API details response or a dump row) into
 * the catalogue. Shared by `syncMovie` and `tmdb:import-dump`.
 *
 * - Match by tmdb_id, else by imdb_id (a movie not yet linked to TMDB).
 * - A value TMDB sends empty (null, "", 0 budget, [] genres…) never replaces
 *   one we have: TMDB drops fields now and then, we do not.
 * - Relations (genres, keywords, cast, crew, videos) are replaced only by a
 *   non-empty list, and only when it differs.
 * - Sets metadata_synced_at, and credits_synced_at when credits came along.
 * - Links the movie to its collection (`belongs_to_collection`, created when
 *   new; the collection's own page is fetched later as a gap).
 */
export async function applyTmdbMovie(
  data: TmdbMovieInput,
  options: ApplyOptions
): Promise<ApplyResult | null> {
  const { client } = options
  const imdbId = normaliseImdbId(data.external_ids?.imdb_id ?? data.imdb_id)

  let movie = await findMatch(data.id, imdbId, client)
  if (!movie && !options.create) return null

  const created = !movie
  if (!movie) {
    movie = new Movie()
    movie.title = clip(data.title ?? data.original_title, 500) ?? `TMDB ${data.id}`
  }
  movie.useTransaction(client)

  if (movie.tmdbId === null || movie.tmdbId === undefined) movie.tmdbId = data.id
  if (imdbId && movie.imdbId !== imdbId && !(await imdbIdTaken(imdbId, movie, client))) {
    movie.imdbId = imdbId
  }

  assignScalars(movie, data)
  // Locked after the movie and before the people, in every sync: one lock order, no deadlock.
  let collectionChanged = false
  if (data.belongs_to_collection?.id) {
    const collection = await upsertCollectionRef(data.belongs_to_collection, client)
    if (movie.collectionId !== collection.id) movie.collectionId = collection.id
    collectionChanged = collection.changed
  }

  const changedFields = created
    ? Object.keys(movie.$attributes).map(snakeCase)
    : Object.keys(movie.$dirty).map(snakeCase)
  // The collection's name or images: every part's detail shows them (syncMovie invalidates those).
  if (collectionChanged) changedFields.push('collection')

  const now = DateTime.utc()
  movie.metadataSyncedAt = now
  const credits = data.credits
  if (credits && (credits.cast.length || credits.crew.length)) movie.creditsSyncedAt = now
  await movie.save()

  if (data.genres?.length && (await syncGenres(movie, data.genres, client))) {
    changedFields.push('genres')
  }
  const keywords = data.keywords?.keywords
  if (keywords?.length && (await syncKeywords(movie, keywords, client))) {
    changedFields.push('keywords')
  }
  if (credits && (credits.cast.length || credits.crew.length)) {
    changedFields.push(...(await syncCredits(movie, credits.cast, credits.crew, client)))
  }
  const videos = data.videos?.results
  if (videos?.length && (await replaceVideos(movie.id, videos, client))) {
    changedFields.push('videos')
  }

  return { movie, created, changedFields }
}

async function findMatch(tmdbId: number, imdbId: string | null, client: TransactionClientContract) {
  const byTmdb = await Movie.query({ client }).where('tmdb_id', tmdbId).forUpdate().first()
  if (byTmdb || !imdbId) return byTmdb
  // Only a movie not linked to another TMDB entry: two TMDB ids never merge.
  return Movie.query({ client }).where('imdb_id', imdbId).whereNull('tmdb_id').forUpdate().first()
}

async function imdbIdTaken(imdbId: string, movie: Movie, client: TransactionClientContract) {
  const query = Movie.query({ client }).where('imdb_id', imdbId)
  if (movie.$isPersisted) query.whereNot('id', movie.id)
  return Boolean(await query.first())
}

/** Sets each scalar TMDB sent non-empty; leaves the others as they are. */
function assignScalars(movie: Movie, data: TmdbMovieInput) {
  const set = <K extends keyof Movie>(key: K, value: Movie[K] | null | undefined) => {
    if (value !== null && value !== undefined) movie[key] = value
  }

  set('title', clip(data.title, 500))
  set('originalTitle', clip(data.original_title, 500))
  set('overview', text(data.overview))
  set('tagline', clip(data.tagline, 1000))
  set('originalLanguage', clip(data.original_language, 16))
  set('status', clip(data.status, 32))
  set('homepage', clip(data.homepage, 1000))
  set('posterPath', clip(data.poster_path, 255))
  set('backdropPath', clip(data.backdrop_path, 255))
  set('certification', clip(usCertification(data.release_dates), 16))
  if (typeof data.adult === 'boolean') movie.adult = data.adult

  const releaseDate = parseDate(data.release_date)
  // Compared as dates: the stored value comes back in another zone.
  if (releaseDate && movie.releaseDate?.toISODate() !== releaseDate.toISODate()) {
    movie.releaseDate = releaseDate
  }
  if (releaseDate) set('year', releaseDate.year)

  set('runtime', positive(data.runtime))
  set('budget', positive(data.budget))
  set('revenue', positive(data.revenue))
  // TMDB's own figures: zero is a real value here, so only non-numbers are skipped.
  set('popularity', finite(data.popularity))
  set('voteAverage', finite(data.vote_average))
  set('voteCount', finite(data.vote_count))

  if (data.spoken_languages?.length) {
    movie.spokenLanguages = data.spoken_languages.map(({ iso_639_1, name }) => ({ iso_639_1, name }))
  }
  if (data.production_countries?.length) {
    movie.productionCountries = data.production_countries.map(({ iso_3166_1, name }) => ({
      iso_3166_1,
      name,
    }))
  }
  // A new movie needs both JSON columns even when TMDB sent none.
  if (!movie.$isPersisted) {
    movie.spokenLanguages ??= []
    movie.productionCountries ??= []
  }
}

/** Returns true when the movie's genres changed. */
async function syncGenres(movie: Movie, genres: TmdbGenre[], client: TransactionClientContract) {
  return syncPivot(movie, 'genres', await upsertGenres(genres, client), client)
}

async function syncKeywords(movie: Movie, keywords: TmdbKeyword[], client: TransactionClientContract) {
  return syncPivot(movie, 'keywords', await upsertKeywords(keywords, client), client)
}

async function syncPivot(
  movie: Movie,
  relation: 'genres' | 'keywords',
  ids: number[],
  client: TransactionClientContract
) {
  const column = relation === 'genres' ? 'genre_id' : 'keyword_id'
  const table = relation === 'genres' ? 'movie_genres' : 'movie_keywords'
  const current = await client.from(table).where('movie_id', movie.id).select(column)
  const before = new Set(current.map((row: Record<string, number>) => row[column]))
  if (before.size === ids.length && ids.every((id) => before.has(id))) return false
  await movie.related(relation).sync(ids, true, client)
  return true
}


/** Replaces cast and crew when TMDB's differ; returns which of the two changed. */
async function syncCredits(
  movie: Movie,
  cast: TmdbCastMember[],
  crew: TmdbCrewMember[],
  client: TransactionClientContract
) {
  const billed = billedCast(cast)
  const kept = crew.filter((member) => CREW_JOBS.has(member.job))

  const people = uniqueBy<PersonRow>([...billed, ...kept].map(personRow), (person) => person.tmdb_id).sort(
    (a, b) => a.tmdb_id - b.tmdb_id
  )
  const personIds = await upsertPeople(people, client)

  const crewRows = uniqueBy(
    kept.map((member) => ({
      movieId: movie.id,
      personId: personIds.get(member.id)!,
      job: clip(member.job, 128)!,
      department: clip(member.department, 128),
    })),
    (row) => `${row.personId}|${row.job}`
  )

  const changed: string[] = []
  if (billed.length && (await replaceCast(MOVIE_KIND, movie.id, castRows(billed, personIds), client))) {
    changed.push('cast')
  }
  if (crewRows.length) {
    const current = await CrewCredit.query({ client }).where('movie_id', movie.id)
    const signature = (rows: { personId: number; job: string; department: string | null }[]) =>
      rows
        .map((row) => `${row.personId}|${row.job}|${row.department ?? ''}`)
        .sort()
        .join('\n')
    if (signature(current) !== signature(crewRows)) {
      await CrewCredit.query({ client }).where('movie_id', movie.id).delete()
      await CrewCredit.createMany(crewRows, { client })
      changed.push('crew')
    }
  }
  return changed
}

/**
 * The US certification (what the maturity filter reads): the theatrical
 * release's when it has one, else the first non-empty one.
 */
export function usCertification(releaseDates: TmdbReleaseDates | undefined) {
  const us = releaseDates?.results.find((result) => result.iso_3166_1 === 'US')
  if (!us) return null
  const certified = us.release_dates.filter((release) => release.certification?.trim())
  const theatrical = certified.find((release) => release.type === 3)
  return (theatrical ?? certified[0])?.certification.trim() ?? null
}
