import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { adminListValidator, moderationActionValidator } from '#validators/admin'
import ModerationService, { TargetGoneError } from '#services/admin/moderation_service'
import { AdminActionError } from '#services/admin/user_admin_service'
import { paging } from '#services/admin/paging'

@inject()
export default class AdminModerationController {
  constructor(protected moderation: ModerationService) {}

  async index(ctx: HttpContext) {
    const { page = 1 } = await ctx.request.validateUsing(adminListValidator, { data: ctx.request.qs() })
    const { groups, meta } = await this.moderation.openGroups(page)
    return ctx.view.render('admin/pages/reports', {
      groups,
      paging: paging(ctx, meta.currentPage, meta.lastPage, meta.total),
    })
  }

  async resolve(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const input = await request.validateUsing(moderationActionValidator)
    try {
      await this.moderation.resolve(
        auth.use('web').user!,
        input.target_type,
        input.target_id,
        input.action,
        input.note ?? null,
        request.ip()
      )
      session.flash('success', `Done: ${input.action.replace('_', ' ')} on ${input.target_type} #${input.target_id}.`)
    } catch (error) {
      if (!(error instanceof TargetGoneError) && !(error instanceof AdminActionError)) throw error
      session.flash('error', error.message)
    }
    return response.redirect().toRoute('admin.reports.index')
  }
}
