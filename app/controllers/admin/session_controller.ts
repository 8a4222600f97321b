import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { adminLoginValidator } from '#validators/admin'
import AdminAuthService, { AdminLoginError } from '#services/admin/admin_auth_service'
import AuditLogService from '#services/admin/audit_log_service'
import { flashBoundedInput } from '#services/admin/flashed_input'
import AdminPanelPolicy from '#policies/admin_panel_policy'
import { bouncerFor } from '#policies/bouncer_for'

@inject()
export default class AdminSessionController {
  constructor(
    protected adminAuth: AdminAuthService,
    protected auditLog: AuditLogService
  ) {}

  async show({ view, auth, response }: HttpContext) {
    if (await auth.use('web').check()) {
      const user = auth.use('web').user!
      if (!user.isSuspended && (await bouncerFor(user).with(AdminPanelPolicy).allows('enter'))) {
        return response.redirect().toRoute('admin.dashboard')
      }
    }
    return view.render('admin/pages/login')
  }

  async store(ctx: HttpContext) {
    const { request, auth, session, response } = ctx
    const { login, password, code } = await request.validateUsing(adminLoginValidator)
    try {
      const user = await this.adminAuth.verify(login, password, code ?? undefined, request.ip())
      await auth.use('web').login(user)
      await this.auditLog.record(user, { action: 'admin.login', targetType: 'user', targetId: user.id }, request.ip())
      return response.redirect().toIntendedRoute('admin.dashboard')
    } catch (error) {
      if (!(error instanceof AdminLoginError)) throw error
      // The two-factor code is a secret too: never sent back to the form.
      const { code: _code, ...input } = request.original()
      flashBoundedInput(session, input)
      session.flash('error', error.message)
      return response.redirect().toRoute('admin.login')
    }
  }

  async destroy({ auth, response, session }: HttpContext) {
    await auth.use('web').logout()
    session.flash('success', 'You are signed out.')
    return response.redirect().toRoute('admin.login')
  }
}
