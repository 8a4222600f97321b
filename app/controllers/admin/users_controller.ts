import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { adminListValidator, liftIpBlockValidator, roleValidator, suspendValidator } from '#validators/admin'
import UserAdminService, { AdminActionError } from '#services/admin/user_admin_service'
import { paging } from '#services/admin/paging'

@inject()
export default class AdminUsersController {
  constructor(protected userAdmin: UserAdminService) {}

  async index(ctx: HttpContext) {
    const { page = 1, q } = await ctx.request.validateUsing(adminListValidator, { data: ctx.request.qs() })
    const users = await this.userAdmin.search(q, page)
    return ctx.view.render('admin/pages/users/index', {
      users: users.all(),
      q: q ?? '',
      paging: paging(ctx, users.currentPage, users.lastPage, users.total),
    })
  }

  async show(ctx: HttpContext) {
    const { page = 1 } = await ctx.request.validateUsing(adminListValidator, { data: ctx.request.qs() })
    const { user, ratings, reports, sessions } = await this.userAdmin.detail(Number(ctx.params.id), page)
    return ctx.view.render('admin/pages/users/show', {
      user,
      ratings: ratings.all(),
      reports,
      sessions,
      canManageRoles: await ctx.bouncer.with('UserPolicy').allows('manageRoles'),
      paging: paging(ctx, ratings.currentPage, ratings.lastPage, ratings.total),
    })
  }

  async suspend(ctx: HttpContext) {
    const { reason } = await ctx.request.validateUsing(suspendValidator)
    return this.#act(
      ctx,
      () => this.userAdmin.suspend(ctx.auth.use('web').user!, Number(ctx.params.id), reason, ctx.request.ip()),
      'Account suspended; its sessions are ended.'
    )
  }

  async unsuspend(ctx: HttpContext) {
    return this.#act(
      ctx,
      () => this.userAdmin.unsuspend(ctx.auth.use('web').user!, Number(ctx.params.id), ctx.request.ip()),
      'Suspension lifted.'
    )
  }

  async role(ctx: HttpContext) {
    await ctx.bouncer.with('UserPolicy').authorize('manageRoles')
    const { role } = await ctx.request.validateUsing(roleValidator)
    return this.#act(
      ctx,
      () => this.userAdmin.changeRole(ctx.auth.use('web').user!, Number(ctx.params.id), role, ctx.request.ip()),
      `Role set to ${role}.`
    )
  }

  async ipBlocks(ctx: HttpContext) {
    const { page = 1 } = await ctx.request.validateUsing(adminListValidator, { data: ctx.request.qs() })
    const blocks = await this.userAdmin.currentIpBlocks(page)
    return ctx.view.render('admin/pages/users/ip_blocks', {
      blocks: blocks.all(),
      paging: paging(ctx, blocks.currentPage, blocks.lastPage, blocks.total),
    })
  }

  async liftIpBlock(ctx: HttpContext) {
    const { ip_address: ipAddress } = await ctx.request.validateUsing(liftIpBlockValidator)
    await this.userAdmin.liftIpBlock(ctx.auth.use('web').user!, ipAddress, ctx.request.ip())
    ctx.session.flash('success', `The block on ${ipAddress} is lifted.`)
    return ctx.response.redirect().toRoute('admin.ip_blocks.index')
  }

  async #act(ctx: HttpContext, action: () => Promise<unknown>, done: string) {
    try {
      await action()
      ctx.session.flash('success', done)
    } catch (error) {
      if (!(error instanceof AdminActionError)) throw error
      ctx.session.flash('error', error.message)
    }
    return ctx.response.redirect().toRoute('admin.users.show', { id: ctx.params.id })
  }
}
