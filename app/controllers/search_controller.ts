import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import MixedSearchService, { type MixedSummary } from '#services/catalogue/mixed_search_service'
import PersonService from '#services/people/person_service'
import ViewerStateService from '#services/library/viewer_state_service'
import SeriesRatingService from '#services/library/series_rating_service'
import { pageRequest } from '#services/http/pagination'
import { viewerFor } from '#services/http/viewer'
import { mixedSearchValidator } from '#validators/search'

/** GET /search: movies and series in one ranked list (issue 9); people with `type=person` (issue 15). */
@inject()
export default class SearchController {
  constructor(
    protected search: MixedSearchService,
    protected movieState: ViewerStateService,
    protected seriesState: SeriesRatingService,
    protected people: PersonService
  ) {}

  async index(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(mixedSearchValidator, { data: ctx.request.qs() })
    if (input.type === 'person') {
      // People have no per-user fields; the title filters do not apply to them.
      return this.people.search(input.q, { page: pageRequest(input), path: ctx.request.url(), query: ctx.request.qs() })
    }
    const page = await this.search.search(
      input.q,
      {
        type: input.type,
        filters: {
          genre: input.genre,
          genreMode: input.genre_mode,
          year: input.year,
          minRating: input.min_rating,
          maxRating: input.max_rating,
          minVoteAverage: input.min_vote_average,
          minPopularity: input.min_popularity,
          language: input.language,
        },
        page: pageRequest(input),
        path: ctx.request.url(),
        query: ctx.request.qs(),
      },
      viewerFor(ctx.auth.user)
    )
    const user = ctx.auth.user
    if (!user) return page
    // Per-user fields on top of the shared cached page, each kind from its own tables.
    const movies = page.data.filter((item) => !item.is_series)
    const series = page.data.filter((item) => item.is_series)
    const [movieFields, seriesFields] = await Promise.all([
      this.movieState.withViewerFields(user.id, movies),
      this.seriesState.withViewerFields(user.id, series),
    ])
    const withFields = new Map<string, MixedSummary>()
    for (const item of movieFields) withFields.set(`movie:${item.id}`, item)
    for (const item of seriesFields) withFields.set(`series:${item.id}`, item)
    return {
      data: page.data.map((item) => withFields.get(`${item.is_series ? 'series' : 'movie'}:${item.id}`)!),
      meta: page.meta,
    }
  }
}
