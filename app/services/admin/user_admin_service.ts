import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import User, { type UserRole } from '#models/user'
import Rating from '#models/rating'
import Report from '#models/report'
import LoginSession from '#models/login_session'
import IpBlock from '#models/ip_block'
import LoginSessionService from '#services/auth/login_sessions'
import IpBlocklistService from '#services/auth/ip_blocklist'
import { forgetCachedUser } from '#services/auth/user_cache'
import AuditLogService from '#services/admin/audit_log_service'
import UserPolicy from '#policies/user_policy'
import { bouncerFor } from '#policies/bouncer_for'

export const USERS_PAGE_SIZE = 25

export class AdminActionError extends Error {}

/** Accounts as moderators manage them in the admin panel. */
@inject()
export default class UserAdminService {
  constructor(
    protected loginSessions: LoginSessionService,
    protected ipBlocklist: IpBlocklistService,
    protected auditLog: AuditLogService
  ) {}

  search(term: string | undefined, page: number) {
    const query = User.query().withScopes((scopes) => scopes.realAccounts())
    if (term) {
      query.where((q) => q.whereILike('username', `%${term}%`).orWhereILike('email', `%${term}%`))
    }
    return query.orderBy('id', 'desc').paginate(page, USERS_PAGE_SIZE)
  }

  async detail(userId: number, page: number) {
    const user = await User.query().where('id', userId).where('is_placeholder', false).firstOrFail()
    const [ratings, reports, sessions] = await Promise.all([
      Rating.query()
        .where('user_id', userId)
        .preload('movie')
        .orderBy('created_at', 'desc')
        .paginate(page, USERS_PAGE_SIZE),
      Report.query().where('target_user_id', userId).orderBy('created_at', 'desc').limit(50),
      LoginSession.query().where('user_id', userId).orderBy('last_seen_at', 'desc').limit(20),
    ])
    return { user, ratings, reports, sessions }
  }

  /** Suspends and ends every login session at once (tokens fail from the next request). */
  async suspend(actor: User, userId: number, reason: string, ip: string | null) {
    const user = await this.target(actor, userId)
    const revoked = await db.transaction(async (trx) => {
      await User.query({ client: trx }).where('id', user.id).update({ suspendedAt: DateTime.now().toSQL() })
      return this.loginSessions.revokeAllForUser(trx, user.id, 'revoked')
    })
    await this.loginSessions.mirrorRevoked(revoked)
    await forgetCachedUser(user.id)
    await this.auditLog.record(
      actor,
      { action: 'user.suspend', targetType: 'user', targetId: user.id, details: { reason, sessions_ended: revoked.length } },
      ip
    )
  }

  async unsuspend(actor: User, userId: number, ip: string | null) {
    const user = await this.target(actor, userId)
    await User.query().where('id', user.id).update({ suspendedAt: null })
    await forgetCachedUser(user.id)
    await this.auditLog.record(actor, { action: 'user.unsuspend', targetType: 'user', targetId: user.id }, ip)
  }

  /** Admins only (the route checks the manageRoles ability). */
  async changeRole(actor: User, userId: number, role: UserRole, ip: string | null) {
    const user = await this.target(actor, userId)
    const previous = user.role
    if (previous === role) return
    user.role = role
    await user.save()
    await this.auditLog.record(
      actor,
      { action: 'user.role', targetType: 'user', targetId: user.id, details: { from: previous, to: role } },
      ip
    )
  }

  currentIpBlocks(page: number) {
    return IpBlock.query()
      .withScopes((scopes) => scopes.current())
      .orderBy('created_at', 'desc')
      .paginate(page, USERS_PAGE_SIZE)
  }

  async liftIpBlock(actor: User, ipAddress: string, ip: string | null) {
    await this.ipBlocklist.lift(ipAddress)
    await this.auditLog.record(actor, { action: 'ip_block.lift', targetType: 'ip', targetId: ipAddress }, ip)
  }

  /** Nobody acts on their own account from the panel (no self-lockout). */
  private async target(actor: User, userId: number) {
    const user = await User.query().where('id', userId).where('is_placeholder', false).firstOrFail()
    const decision = await bouncerFor(actor).with(UserPolicy).execute('administer', user)
    if (!decision.authorized) throw new AdminActionError(decision.message ?? 'You are not allowed to do this')
    return user
  }
}
