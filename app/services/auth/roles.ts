import logger from '@adonisjs/core/services/logger'
import User, { type UserRole } from '#models/user'

export const ROLES: readonly UserRole[] = ['user', 'moderator', 'admin']

export class UnknownUserError extends Error {}

/** Role changes (the `user:role` command now, the admin panel later). */
export default class RoleService {
  isRole(value: string): value is UserRole {
    return (ROLES as readonly string[]).includes(value)
  }

  /** Returns the user and the role it had before. */
  async setRole(username: string, role: UserRole) {
    const user = await User.query().where('username', username).where('is_placeholder', false).first()
    if (!user) throw new UnknownUserError(`No account with the username "${username}"`)
    const previous = user.role
    if (previous !== role) {
      user.role = role
      await user.save()
      logger.info({ userId: user.id, from: previous, to: role }, 'role changed')
    }
    return { user, previous }
  }
}
