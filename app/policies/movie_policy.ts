import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type User from '#models/user'

/** Curation of the catalogue (API and admin panel). */
export default class MoviePolicy extends BasePolicy {
  /** Moderators and admins add, edit and hide movies. */
  manage(user: User): AuthorizerResponse {
    return user.isModerator
  }
}
