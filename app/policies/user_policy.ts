import { AuthorizationResponse, BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type User from '#models/user'
import { areFriends, hasBlocked, isBlockedBetween } from '#services/social/friendship_gate'

/**
 * What one user may see of, or do to, another: profiles and activity (API),
 * friend requests, and the admin panel's account actions and roles.
 */
export default class UserPolicy extends BasePolicy {
  /** A user who blocked the viewer does not exist for them. */
  async view(viewer: User, target: User): Promise<AuthorizerResponse> {
    if (target.id !== viewer.id && (await hasBlocked(target.id, viewer.id))) return this.hidden()
    return true
  }

  /** Friends, ratings and the like: as `view`, and a private account shows them to friends only (403). */
  async viewActivity(viewer: User, target: User): Promise<AuthorizerResponse> {
    const seen = await this.view(viewer, target)
    if (seen !== true) return seen
    if (target.isPrivate && target.id !== viewer.id && !(await areFriends(viewer.id, target.id))) {
      return AuthorizationResponse.deny('This account is private: only friends can see it', 403)
    }
    return true
  }

  /** Blocked either way, the target "does not exist" for the caller. */
  async befriend(user: User, target: User): Promise<AuthorizerResponse> {
    return !(await isBlockedBetween(user.id, target.id)) || this.hidden()
  }

  /** Only admins change roles. */
  manageRoles(user: User): AuthorizerResponse {
    return user.role === 'admin'
  }

  /**
   * Suspending, unsuspending and changing a role from the panel: never one's
   * own account (no self-lockout), and an admin account only by an admin.
   */
  administer(actor: User, target: User): AuthorizerResponse {
    if (actor.id === target.id) return AuthorizationResponse.deny('You cannot do this to your own account', 403)
    if (target.role === 'admin' && actor.role !== 'admin') {
      return AuthorizationResponse.deny('Only an admin can act on an admin account', 403)
    }
    return true
  }

  private hidden() {
    return AuthorizationResponse.deny('User not found', 404)
  }
}
