import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Movie from '#models/movie'
import Genre from '#models/genre'
import ApiException from '#exceptions/api_exception'
import { invalidateMovie } from '#services/catalogue/catalogue_cache'
import SyncMovieJob from '#jobs/sync_movie_job'
import MovieAddedNotificationJob from '#jobs/movie_added_notification_job'

export interface ManualMovieInput {
  title: string
  release_date: Date
  tmdb_id?: number
  imdb_id?: string
  original_title?: string
  overview?: string
  tagline?: string
  runtime?: number
  adult?: boolean
  original_language?: string
  status?: string
  budget?: number
  revenue?: number
  homepage?: string
  genre_ids?: number[]
}

/**
 * Write side of the catalogue for moderators (API and admin panel share it).
 */
export default class MovieAdminService {
  /** Queues a TMDB import and returns the job id; 409 when the tmdb_id is already in the catalogue. */
  async queueImport(tmdbId: number): Promise<string> {
    if (await Movie.findBy('tmdb_id', tmdbId)) {
      throw ApiException.conflict('A movie with this tmdb_id already exists', [
        { field: 'tmdb_id', rule: 'unique', message: 'The tmdb_id is already in the catalogue' },
      ])
    }
    const job = await SyncMovieJob.dispatch({ tmdbId })
    return String(job.id)
  }

  async createManual(input: ManualMovieInput): Promise<Movie> {
    await this.assertUnique(input)
    if (input.genre_ids?.length) {
      const known = await Genre.query().whereIn('id', input.genre_ids).select('id')
      const missing = input.genre_ids.filter((id) => !known.some((genre) => genre.id === id))
      if (missing.length) {
        throw ApiException.validation([
          { field: 'genre_ids', rule: 'exists', message: `Unknown genre ids: ${missing.join(', ')}` },
        ])
      }
    }

    const releaseDate = DateTime.fromJSDate(input.release_date, { zone: 'utc' })
    const movie = await db.transaction(async (trx) => {
      const created = await Movie.create(
        {
          title: input.title,
          originalTitle: input.original_title ?? input.title,
          releaseDate,
          year: releaseDate.year,
          tmdbId: input.tmdb_id ?? null,
          imdbId: input.imdb_id ?? null,
          overview: input.overview ?? null,
          tagline: input.tagline ?? null,
          runtime: input.runtime ?? null,
          adult: input.adult ?? false,
          originalLanguage: input.original_language ?? null,
          status: input.status ?? null,
          budget: input.budget ?? null,
          revenue: input.revenue ?? null,
          homepage: input.homepage ?? null,
          spokenLanguages: [],
          productionCountries: [],
        },
        { client: trx }
      )
      if (input.genre_ids?.length) {
        await created.related('genres').attach(input.genre_ids, trx)
      }
      return created
    })
    await invalidateMovie(movie.id)
    // Fans of its genres hear about it from the notifications worker, not this request.
    await MovieAddedNotificationJob.dispatch({ movieId: movie.id })
    return movie
  }

  private async assertUnique(input: ManualMovieInput) {
    const details = []
    if (input.tmdb_id && (await Movie.findBy('tmdb_id', input.tmdb_id))) {
      details.push({ field: 'tmdb_id', rule: 'unique', message: 'The tmdb_id is already in the catalogue' })
    }
    if (input.imdb_id && (await Movie.findBy('imdb_id', input.imdb_id))) {
      details.push({ field: 'imdb_id', rule: 'unique', message: 'The imdb_id is already in the catalogue' })
    }
    if (details.length) throw ApiException.conflict('A movie with these ids already exists', details)
  }
}
