import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { auditFilterValidator } from '#validators/admin'
import AuditLogService from '#services/admin/audit_log_service'
import { paging } from '#services/admin/paging'

@inject()
export default class AdminAuditController {
  constructor(protected auditLog: AuditLogService) {}

  async index(ctx: HttpContext) {
    const filters = await ctx.request.validateUsing(auditFilterValidator, { data: ctx.request.qs() })
    const page = filters.page ?? 1
    const entries = await this.auditLog.page(
      { actor: filters.actor, action: filters.action, targetType: filters.target_type, targetId: filters.target_id },
      page
    )
    return ctx.view.render('admin/pages/audit', {
      entries: entries.all(),
      actions: await this.auditLog.actions(),
      filters,
      paging: paging(ctx, entries.currentPage, entries.lastPage, entries.total),
    })
  }
}
