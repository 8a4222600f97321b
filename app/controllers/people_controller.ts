import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ApiException from '#exceptions/api_exception'
import PersonService from '#services/people/person_service'
import ViewerStateService from '#services/library/viewer_state_service'
import { pageRequest } from '#services/http/pagination'
import { viewerFor } from '#services/http/viewer'
import { personCreditsValidator } from '#validators/people'

/** People and filmographies (API.md): public, per-user fields with a token. */
@inject()
export default class PeopleController {
  constructor(
    protected people: PersonService,
    protected viewerState: ViewerStateService
  ) {}

  async show(ctx: HttpContext) {
    const user = ctx.auth.user
    const detail = await this.people.show(Number(ctx.params.id), viewerFor(user))
    if (!detail) throw ApiException.notFound('Person not found')
    if (!user) return detail
    return { ...detail, known_for: await this.viewerState.withViewerFields(user.id, detail.known_for) }
  }

  async credits(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(personCreditsValidator, { data: ctx.request.qs() })
    const user = ctx.auth.user
    const page = await this.people.credits(
      Number(ctx.params.id),
      {
        role: input.role,
        department: input.department,
        sort: input.sort ?? '-release_date',
        page: pageRequest(input),
        path: ctx.request.url(),
        query: ctx.request.qs(),
      },
      viewerFor(user)
    )
    if (!page) throw ApiException.notFound('Person not found')
    if (!user) return page
    // The caller's fields on top of the shared page: their rating, lists, and whether they watched it.
    return { data: await this.viewerState.withWatched(user.id, page.data), meta: page.meta }
  }
}
