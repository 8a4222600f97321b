import db from '@adonisjs/lucid/services/db'
import TmdbClient from '#services/tmdb/tmdb_client'
import { TmdbNotFoundError } from '#services/tmdb/errors'
import type { TmdbPersonDetails } from '#services/tmdb/types'
import { clip, finite, parseDate, text } from '#services/tmdb/tmdb_values'
import { invalidateMovies } from '#services/catalogue/catalogue_cache'
import { invalidatePerson } from '#services/people/people_cache'

export interface SyncPersonResult {
  personId: number
  tmdbId: number
  /** Columns TMDB filled or changed (snake_case). */
  changedFields: string[]
  /**
   * TMDB ids of catalogue movies the person's filmography names whose own
   * credits were never fetched (from the dump): their movie syncs bring the
   * person's credits in. Movies own their credits (billed cast, kept jobs),
   * so the person sync does not write credit rows itself.
   */
  moviesLackingCredits: number[]
}

/**
 * Fetches a person's own TMDB page (/person/{id}) and fills what the movie
 * credits do not carry: biography, birthday, deathday, place of birth, IMDb
 * id, popularity (and name, photo and department when TMDB has them). Only
 * people the credits brought in are filled: a person TMDB lists but we
 * credit nowhere is no concern of the catalogue. A value TMDB sends empty
 * never replaces one we have.
 *
 * A 404 marks the person `tmdb_status = 'not_found'` (the gap filling stops
 * asking) and throws TmdbNotFoundError; returns null when no person of ours
 * has this tmdb_id.
 */
export async function syncPerson(
  tmdbId: number,
  options: {
    client?: TmdbClient
    /**
     * Also read the person's TMDB filmography (`movie_credits`) to find
     * catalogue movies still lacking credits (the sync job does; the
     * bootstrap, which fetched every movie's credits first, does not).
     */
    filmography?: boolean
  } = {}
): Promise<SyncPersonResult | null> {
  const person: { id: number } | null = await db.from('people').where('tmdb_id', tmdbId).select('id').first()
  if (!person) return null
  const client = options.client ?? TmdbClient.fromEnv()
  let details: TmdbPersonDetails
  try {
    details = await client.person(tmdbId, { movieCredits: options.filmography ?? false })
  } catch (error) {
    if (error instanceof TmdbNotFoundError) {
      await db
        .from('people')
        .where('id', person.id)
        .update({ tmdb_status: 'not_found', tmdb_checked_at: new Date(), updated_at: new Date() })
      // Its cached page stops asking for a sync.
      await invalidatePerson(person.id)
    }
    throw error
  }

  const values: Record<string, string | number | null> = {
    name: clip(details.name, 255),
    biography: text(details.biography),
    birthday: parseDate(details.birthday)?.toISODate() ?? null,
    deathday: parseDate(details.deathday)?.toISODate() ?? null,
    place_of_birth: clip(details.place_of_birth, 255),
    profile_path: clip(details.profile_path, 255),
    known_for_department: clip(details.known_for_department, 64),
    imdb_id: personImdbId(details.imdb_id),
    popularity: finite(details.popularity),
  }
  const filled = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined))
  const before: Record<string, unknown> = await db
    .from('people')
    .where('id', person.id)
    .select(db.raw('name, biography, birthday::text AS birthday, deathday::text AS deathday'))
    .select('place_of_birth', 'profile_path', 'known_for_department', 'imdb_id', 'popularity')
    .first()
  const changedFields = Object.keys(filled).filter((key) => before[key] !== filled[key])
  const now = new Date()
  await db
    .from('people')
    .where('id', person.id)
    .update({ ...filled, details_synced_at: now, tmdb_status: null, tmdb_checked_at: now, updated_at: now })

  await invalidatePerson(person.id)
  // Movie details show the person's name and photo in their cast and crew.
  if (changedFields.some((field) => field === 'name' || field === 'profile_path')) {
    await invalidateMovies(await creditedMovieIds(person.id))
  }
  return { personId: person.id, tmdbId, changedFields, moviesLackingCredits: await moviesLackingCredits(details) }
}

/** Our movies crediting the person (cast or crew). */
async function creditedMovieIds(personId: number): Promise<number[]> {
  const rows: { movie_id: number }[] = await db
    .from('movie_cast')
    .where('person_id', personId)
    .select('movie_id')
    .union((query) => query.from('movie_crew').where('person_id', personId).select('movie_id'))
  return rows.map((row) => row.movie_id)
}

/** Catalogue movies in the person's TMDB filmography that still lack their credits. */
async function moviesLackingCredits(details: TmdbPersonDetails): Promise<number[]> {
  const credits = details.movie_credits
  if (!credits) return []
  const ids = [...new Set([...credits.cast, ...credits.crew].map((credit) => credit.id))].filter(Number.isSafeInteger)
  if (!ids.length) return []
  const rows: { tmdb_id: number }[] = await db
    .from('movies')
    .whereIn('tmdb_id', ids)
    .whereNull('credits_synced_at')
    .whereNull('tmdb_status')
    .select('tmdb_id')
    .orderBy('tmdb_id')
  return rows.map((row) => row.tmdb_id)
}

/** IMDb ids of people are "nm" + digits (titles' are "tt…"); anything else is dropped. */
function personImdbId(value: string | null | undefined) {
  const trimmed = value?.trim()
  return trimmed && /^nm\d{1,14}$/.test(trimmed) ? trimmed : null
}
