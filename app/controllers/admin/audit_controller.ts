import type { HttpContext } from '@adonisjs/core/http'
import { auditFilterValidator } from '#validators/admin'
import { auditLog } from '#services/admin/audit_log_service'
import { paging } from '#services/admin/paging'

export default class AdminAuditController {
  async index(ctx: HttpContext) {
    const filters = await ctx.request.validateUsing(auditFilterValidator, { data: ctx.request.qs() })
    const page = filters.page ?? 1
    const entries = await auditLog.page(
      { actor: filters.actor, action: filters.action, targetType: filters.target_type, targetId: filters.target_id },
      page
    )
    return ctx.view.render('admin/pages/audit', {
      entries: entries.all(),
      actions: await auditLog.actions(),
      filters,
      paging: paging(ctx, entries.currentPage, entries.lastPage, entries.total),
    })
  }
}
