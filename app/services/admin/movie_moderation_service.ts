import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import Movie from '#models/movie'
import Collection from '#models/collection'
import MovieTransformer from '#transformers/movie_transformer'
import type User from '#models/user'
import MovieAdminService from '#services/admin/movie_admin_service'
import { invalidateMovie } from '#services/catalogue/catalogue_cache'
import { invalidateHiddenMovies } from '#services/catalogue/hidden_movies'
import AuditLogService from '#services/admin/audit_log_service'
import SyncMovieJob from '#jobs/sync_movie_job'

export const MOVIES_PAGE_SIZE = 25

export interface MovieEdit {
  title: string
  original_title?: string | null
  overview?: string | null
  tagline?: string | null
  runtime?: number | null
  release_date?: Date | null
  adult?: boolean
}

export class MovieActionError extends Error {}

/** The catalogue as moderators manage it in the admin panel. */
@inject()
export default class MovieModerationService {
  constructor(
    protected movieAdmin: MovieAdminService,
    protected auditLog: AuditLogService
  ) {}

  search(term: string | undefined, page: number) {
    const query = Movie.query()
    if (term) {
      const asNumber = Number(term)
      query.where((q) => {
        q.whereILike('title', `%${term}%`)
        if (Number.isInteger(asNumber) && asNumber > 0) q.orWhere('tmdb_id', asNumber).orWhere('id', asNumber)
      })
    }
    return query.orderBy('popularity', 'desc').orderBy('id', 'asc').paginate(page, MOVIES_PAGE_SIZE)
  }

  /**
   * The movie with its genres, cast and crew (linked to the people's admin pages), its collection
   * and its videos (in MovieDetail's order, with their links).
   */
  async find(id: number) {
    const movie = await Movie.query()
      .where('id', id)
      .preload('genres')
      .preload('videos')
      .preload('cast', (cast) => cast.preload('person').orderBy('order').orderBy('id'))
      .preload('crew', (crew) => crew.preload('person').orderBy('id'))
      .firstOrFail()
    const collection = movie.collectionId ? await Collection.find(movie.collectionId) : null
    return { movie, collection, videos: MovieTransformer.videosOf(movie) }
  }

  async update(actor: User, id: number, input: MovieEdit, ip: string | null) {
    const movie = await Movie.findOrFail(id)
    const before = { title: movie.title, runtime: movie.runtime, adult: movie.adult }
    const releaseDate = input.release_date ? DateTime.fromJSDate(input.release_date, { zone: 'utc' }) : null
    movie.merge({
      title: input.title,
      originalTitle: input.original_title ?? movie.originalTitle,
      overview: input.overview ?? null,
      tagline: input.tagline ?? null,
      runtime: input.runtime ?? null,
      releaseDate,
      year: releaseDate?.year ?? null,
      adult: input.adult ?? false,
    })
    const changed = Object.keys(movie.$dirty)
    await movie.save()
    await invalidateMovie(movie.id)
    await this.auditLog.record(
      actor,
      { action: 'movie.update', targetType: 'movie', targetId: movie.id, details: { changed, before } },
      ip
    )
    return movie
  }

  async setHidden(actor: User, id: number, hidden: boolean, ip: string | null) {
    const movie = await Movie.findOrFail(id)
    movie.isHidden = hidden
    await movie.save()
    await Promise.all([invalidateMovie(movie.id), invalidateHiddenMovies()])
    await this.auditLog.record(
      actor,
      { action: hidden ? 'movie.hide' : 'movie.unhide', targetType: 'movie', targetId: movie.id },
      ip
    )
  }

  async resync(actor: User, id: number, ip: string | null) {
    const movie = await Movie.findOrFail(id)
    if (!movie.tmdbId) throw new MovieActionError('This movie has no TMDB id: there is nothing to sync from')
    const job = await SyncMovieJob.dispatch({ tmdbId: movie.tmdbId })
    await this.auditLog.record(
      actor,
      { action: 'movie.resync', targetType: 'movie', targetId: movie.id, details: { job_id: job.id } },
      ip
    )
    return String(job.id)
  }

  /** Queues a TMDB import (409 ApiException when the id is already in the catalogue). */
  async importFromTmdb(actor: User, tmdbId: number, ip: string | null) {
    const jobId = await this.movieAdmin.queueImport(tmdbId)
    await this.auditLog.record(
      actor,
      { action: 'movie.import', targetType: 'tmdb', targetId: tmdbId, details: { job_id: jobId } },
      ip
    )
    return jobId
  }
}
