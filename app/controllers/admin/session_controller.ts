import type { HttpContext } from '@adonisjs/core/http'
import { adminLoginValidator } from '#validators/admin'
import { adminAuth, AdminLoginError } from '#services/admin/admin_auth_service'
import { auditLog } from '#services/admin/audit_log_service'
import { flashBoundedInput } from '#services/admin/flashed_input'

export default class AdminSessionController {
  async show({ view, auth, response }: HttpContext) {
    if (await auth.use('web').check()) {
      const user = auth.use('web').user!
      if (user.isModerator && !user.isSuspended) return response.redirect().toPath('/admin')
    }
    return view.render('admin/pages/login')
  }

  async store(ctx: HttpContext) {
    const { request, auth, session, response } = ctx
    const { login, password } = await request.validateUsing(adminLoginValidator)
    try {
      const user = await adminAuth.verify(login, password)
      await auth.use('web').login(user)
      await auditLog.record(user, { action: 'admin.login', targetType: 'user', targetId: user.id }, request.ip())
      return response.redirect().toIntended('/admin')
    } catch (error) {
      if (!(error instanceof AdminLoginError)) throw error
      flashBoundedInput(session, request.original())
      session.flash('error', error.message)
      return response.redirect().toPath('/admin/login')
    }
  }

  async destroy({ auth, response, session }: HttpContext) {
    await auth.use('web').logout()
    session.flash('success', 'You are signed out.')
    return response.redirect().toPath('/admin/login')
  }
}
