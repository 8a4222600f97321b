import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { ReportTargetType } from '#models/report'
import ReportService from '#services/social/report_service'
import { createReportValidator } from '#validators/report'

/** POST /reviews/:id/report, /comments/:id/report, /lists/:id/report → the moderation queue. */
@inject()
export default class ReportsController {
  constructor(protected reports: ReportService) {}

  async review(ctx: HttpContext) {
    return this.store(ctx, 'review')
  }

  async comment(ctx: HttpContext) {
    return this.store(ctx, 'comment')
  }

  async list(ctx: HttpContext) {
    return this.store(ctx, 'list')
  }

  private async store({ auth, params, request, response }: HttpContext, type: ReportTargetType) {
    const input = await request.validateUsing(createReportValidator, {
      data: { share_token: request.qs().share_token, ...request.body() },
    })
    const report = await this.reports.report(type, Number(params.id), auth.getUserOrFail(), {
      reason: input.reason,
      message: input.message,
      shareToken: input.share_token,
    })
    return response.created(report)
  }
}
