import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Gate of every /admin page but the login: a session (web guard) of a
 * moderator or admin who is not suspended. Anonymous visitors go to the
 * login page; a plain user gets the 403 page; a suspended account is
 * logged out at once.
 */
export default class AdminMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.auth.use('web')
    try {
      // Through the authenticator, so ctx.auth.user (and bouncer) see this user.
      await ctx.auth.authenticateUsing(['web'])
    } catch {
      return ctx.response.redirect().withIntendedUrl().toRoute('admin.login')
    }
    const user = guard.getUserOrFail()
    if (user.isSuspended) {
      await guard.logout()
      ctx.session.flash('error', 'This account is suspended.')
      return ctx.response.redirect().toRoute('admin.login')
    }
    if (await ctx.bouncer.with('AdminPanelPolicy').denies('enter')) {
      ctx.response.status(403)
      const html = await ctx.view.render('admin/pages/error', {
        status: 403,
        title: 'Forbidden',
        message: 'The admin panel is for moderators and admins.',
      })
      return ctx.response.send(html)
    }
    ctx.view.share({ admin: user })
    return next()
  }
}
