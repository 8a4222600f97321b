import User from '#models/user'

export class AdminLoginError extends Error {}

/** Who may sign in to the admin panel: moderators and admins, not suspended. */
export class AdminAuthService {
  async verify(login: string, password: string): Promise<User> {
    let user: User
    try {
      user = await User.verifyCredentials(login, password)
    } catch {
      throw new AdminLoginError('Invalid credentials')
    }
    if (user.isSuspended) throw new AdminLoginError('This account is suspended')
    if (!user.isModerator) throw new AdminLoginError('The admin panel is for moderators and admins')
    return user
  }
}

export const adminAuth = new AdminAuthService()
