import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type User from '#models/user'

/** Who may use the server-rendered admin panel. */
export default class AdminPanelPolicy extends BasePolicy {
  /** Moderators and admins (a suspended account is turned away before this asks). */
  enter(user: User): AuthorizerResponse {
    return user.isModerator
  }
}
