import ApiException from '#exceptions/api_exception'
import type { HttpContext } from '@adonisjs/core/http'
import { adminListValidator, retryJobValidator, triggerValidator } from '#validators/admin'
import { queueAdmin, UnknownJobError, FAILED_PAGE_SIZE } from '#services/admin/queue_admin_service'
import { auditLog } from '#services/admin/audit_log_service'
import { paging } from '#services/admin/paging'

export default class AdminQueuesController {
  async index({ view }: HttpContext) {
    return view.render('admin/pages/queues/index', { queues: await queueAdmin.counts() })
  }

  async show(ctx: HttpContext) {
    const name = this.#queueName(ctx)
    const { page = 1 } = await ctx.request.validateUsing(adminListValidator, { data: ctx.request.qs() })
    const { jobs, total } = await queueAdmin.failed(name, page)
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
        await queueAdmin.retry(name, jobId)
        await auditLog.record(
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
      const count = await queueAdmin.retryAll(name)
      await auditLog.record(
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
      task === 'retrain' ? await queueAdmin.triggerRetraining() : await queueAdmin.triggerTmdbSync(hours ?? 24)
    await auditLog.record(
      ctx.auth.use('web').user!,
      { action: `job.trigger.${task}`, targetType: 'job', targetId: jobId, details: hours ? { hours } : {} },
      ctx.request.ip()
    )
    ctx.session.flash('success', task === 'retrain' ? 'Retraining queued.' : 'TMDB sync queued.')
    return ctx.response.redirect().toRoute('admin.queues.index')
  }

  #queueName(ctx: HttpContext) {
    const name = String(ctx.params.name)
    if (!queueAdmin.isQueue(name)) throw ApiException.notFound('Unknown queue')
    return name
  }
}
