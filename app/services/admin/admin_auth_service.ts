import User from '#models/user'
import AdminPanelPolicy from '#policies/admin_panel_policy'
import { bouncerFor } from '#policies/bouncer_for'

export class AdminLoginError extends Error {}

/** Who may sign in to the admin panel: moderators and admins, not suspended. */
export default class AdminAuthService {
  async verify(login: string, password: string): Promise<User> {
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
    return user
  }
}
