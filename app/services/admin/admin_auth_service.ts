import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import AdminPanelPolicy from '#policies/admin_panel_policy'
import { bouncerFor } from '#policies/bouncer_for'
import IpBlocklistService, { accountKey } from '#services/auth/ip_blocklist'
import TwoFactorService from '#services/auth/two_factor'

export class AdminLoginError extends Error {}

/**
 * Who may sign in to the admin panel: moderators and admins, not suspended.
 * An account with two-factor sign-in on also needs its code (a TOTP code or
 * a recovery code, used up as on the API); wrong codes count toward the
 * account/IP sign-in lockout, and a blocked account cannot pass this step.
 */
@inject()
export default class AdminAuthService {
  constructor(
    protected twoFactor: TwoFactorService,
    protected ipBlocklist: IpBlocklistService
  ) {}

  async verify(login: string, password: string, code: string | undefined, ip: string): Promise<User> {
    let user: User
    try {
      user = await User.verifyCredentials(login, password)
    } catch {
      throw new AdminLoginError('Invalid credentials')
    }
    if (user.isSuspended) throw new AdminLoginError('This account is suspended')
    if (await bouncerFor(user).with(AdminPanelPolicy).denies('enter')) {
      throw new AdminLoginError('The admin panel is for moderators and admins')
    }
    if (await this.twoFactor.isEnabled(user.id)) await this.#secondFactor(user, code, ip)
    return user
  }

  async #secondFactor(user: User, code: string | undefined, ip: string) {
    if (!code) throw new AdminLoginError('Enter the code from your authenticator app (or a recovery code)')
    const account = accountKey.user(user.id)
    if ((await this.ipBlocklist.blockedFor(ip, account)) > 0) {
      throw new AdminLoginError('Too many failed attempts from this address; try again later')
    }
    const verified = await db.transaction((trx) => this.twoFactor.consumeCode(trx, user.id, code))
    if (!verified) {
      await this.ipBlocklist.recordFailure(ip, 'otp', account)
      throw new AdminLoginError('Invalid two-factor code')
    }
  }
}
