import { inject } from '@adonisjs/core'
import ApiException from '#exceptions/api_exception'
import type { HttpContext } from '@adonisjs/core/http'
import { adminListValidator, retryJobValidator, triggerValidator } from '#validators/admin'
import QueueAdminService, { UnknownJobError, FAILED_PAGE_SIZE } from '#services/admin/queue_admin_service'
import AuditLogService from '#services/admin/audit_log_service'
import { paging } from '#services/admin/paging'

@inject()
export default class AdminQueuesController {
  constructor(
    protected queueAdmin: QueueAdminService,
    protected auditLog: AuditLogService
  ) {}

  async index({ view }: HttpContext) {
    return view.render('admin/pages/queues/index', { queues: await this.queueAdmin.counts() })
  }

  async show(ctx: HttpContext) {
    const name = this.#queueName(ctx)
    const { page = 1 } = await ctx.request.validateUsing(adminListValidator, { data: ctx.request.qs() })
    const { jobs, total } = await this.queueAdmin.failed(name, page)
    return ctx.view.render('admin/pages/queues/show', {
      name,
      jobs,
      paging: paging(ctx, page, Math.ceil(total / FAILED_PAGE_SIZE), total),
    })
  }

  async retry(ctx: HttpContext) {
    const name = this.#queueName(ctx)
    const { job_id: jobId } = await ctx.request.validateUsing(retryJobValidator)
    const actor = ctx.auth.use('web').user!
    if (jobId) {
      try {
        await this.queueAdmin.retry(name, jobId)
        await this.auditLog.record(
          actor,
          { action: 'job.retry', targetType: 'job', targetId: `${name}:${jobId}` },
          ctx.request.ip()
        )
        ctx.session.flash('success', `Job ${jobId} is queued again.`)
      } catch (error) {
        if (!(error instanceof UnknownJobError)) throw error
        ctx.session.flash('error', error.message)
      }
    } else {
      const count = await this.queueAdmin.retryAll(name)
      await this.auditLog.record(
        actor,
        { action: 'job.retry_all', targetType: 'queue', targetId: name, details: { count } },
        ctx.request.ip()
      )
      ctx.session.flash('success', `${count} failed job(s) queued again.`)
    }
    return ctx.response.redirect().toRoute('admin.queues.show', { name })
  }

  async trigger(ctx: HttpContext) {
    const { task, hours } = await ctx.request.validateUsing(triggerValidator)
    const jobId =
      task === 'retrain'
        ? await this.queueAdmin.triggerRetraining()
        : await this.queueAdmin.triggerTmdbSync(hours ?? 24)
    await this.auditLog.record(
      ctx.auth.use('web').user!,
      { action: `job.trigger.${task}`, targetType: 'job', targetId: jobId, details: hours ? { hours } : {} },
      ctx.request.ip()
    )
    ctx.session.flash('success', task === 'retrain' ? 'Retraining queued.' : 'TMDB sync queued.')
    return ctx.response.redirect().toRoute('admin.queues.index')
  }

  #queueName(ctx: HttpContext) {
    const name = String(ctx.params.name)
    if (!this.queueAdmin.isQueue(name)) throw ApiException.notFound('Unknown queue')
    return name
  }
}
