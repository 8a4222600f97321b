import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import PersonAdminService, { PersonActionError } from '#services/admin/person_admin_service'

/** A person's page in the admin panel (details and filmography) and their TMDB re-sync. */
@inject()
export default class AdminPeopleController {
  constructor(protected people: PersonAdminService) {}

  async show({ view, params }: HttpContext) {
    const person = await this.people.find(Number(params.id))
    return view.render('admin/pages/people/show', { person, credits: await this.people.filmography(person.id) })
  }

  async resync(ctx: HttpContext) {
    try {
      const jobId = await this.people.resync(ctx.auth.use('web').user!, Number(ctx.params.id), ctx.request.ip())
      ctx.session.flash('success', `Re-sync queued (job ${jobId}).`)
    } catch (error) {
      if (!(error instanceof PersonActionError)) throw error
      ctx.session.flash('error', error.message)
    }
    return ctx.response.redirect().toRoute('admin.people.show', { id: ctx.params.id })
  }
}
