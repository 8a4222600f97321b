import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ApiException from '#exceptions/api_exception'
import { adminListValidator, movieEditValidator, tmdbImportValidator } from '#validators/admin'
import MovieModerationService, { MovieActionError } from '#services/admin/movie_moderation_service'
import { paging } from '#services/admin/paging'
import WatchProviderService from '#services/catalogue/watch_provider_service'

@inject()
export default class AdminMoviesController {
  constructor(
    protected movieModeration: MovieModerationService,
    protected watchProviders: WatchProviderService
  ) {}

  async index(ctx: HttpContext) {
    const { page = 1, q } = await ctx.request.validateUsing(adminListValidator, { data: ctx.request.qs() })
    const movies = await this.movieModeration.search(q, page)
    return ctx.view.render('admin/pages/movies/index', {
      movies: movies.all(),
      q: q ?? '',
      paging: paging(ctx, movies.currentPage, movies.lastPage, movies.total),
    })
  }

  async show({ view, params }: HttpContext) {
    const { movie, collection, videos } = await this.movieModeration.find(Number(params.id))
    // Where it can be watched, per region, as the last TMDB sync saw it.
    const watchRegions = await this.watchProviders.allOffers(movie.id)
    return view.render('admin/pages/movies/show', { movie, collection, videos, watchRegions })
  }

  async update({ request, params, auth, session, response }: HttpContext) {
    const input = await request.validateUsing(movieEditValidator)
    await this.movieModeration.update(auth.use('web').user!, Number(params.id), input, request.ip())
    session.flash('success', 'Movie saved.')
    return response.redirect().toRoute('admin.movies.show', { id: params.id })
  }

  async hide(ctx: HttpContext) {
    await this.movieModeration.setHidden(ctx.auth.use('web').user!, Number(ctx.params.id), true, ctx.request.ip())
    ctx.session.flash('success', 'Movie hidden from the catalogue.')
    return ctx.response.redirect().toRoute('admin.movies.show', { id: ctx.params.id })
  }

  async unhide(ctx: HttpContext) {
    await this.movieModeration.setHidden(ctx.auth.use('web').user!, Number(ctx.params.id), false, ctx.request.ip())
    ctx.session.flash('success', 'Movie visible again.')
    return ctx.response.redirect().toRoute('admin.movies.show', { id: ctx.params.id })
  }

  async resync(ctx: HttpContext) {
    try {
      const jobId = await this.movieModeration.resync(
        ctx.auth.use('web').user!,
        Number(ctx.params.id),
        ctx.request.ip()
      )
      ctx.session.flash('success', `Re-sync queued (job ${jobId}).`)
    } catch (error) {
      if (!(error instanceof MovieActionError)) throw error
      ctx.session.flash('error', error.message)
    }
    return ctx.response.redirect().toRoute('admin.movies.show', { id: ctx.params.id })
  }

  async import({ request, auth, session, response }: HttpContext) {
    const { tmdb_id: tmdbId } = await request.validateUsing(tmdbImportValidator)
    try {
      const jobId = await this.movieModeration.importFromTmdb(auth.use('web').user!, tmdbId, request.ip())
      session.flash('success', `Import of TMDB #${tmdbId} queued (job ${jobId}).`)
    } catch (error) {
      if (!(error instanceof ApiException) || error.status !== 409) throw error
      // Shown inline under the field, like a validation error.
      session.flash('inputErrorsBag', { tmdb_id: [error.message] })
      session.flash('tmdb_id', String(tmdbId))
    }
    return response.redirect().toRoute('admin.movies.index')
  }
}
