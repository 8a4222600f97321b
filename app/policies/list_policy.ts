import { timingSafeEqual } from 'node:crypto'
import { AuthorizationResponse, BasePolicy, allowGuest } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type List from '#models/list'
import type User from '#models/user'
import { areFriends, isBlockedBetween } from '#services/social/friendship_gate'

function sameToken(a: string, b: string) {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Who may see and change a list. Seeing: its owner always; others as its
 * privacy allows (`public` everyone, `link` whoever holds the share token,
 * `friends` the owner's friends, `private` nobody); a user blocked either
 * way sees nothing. A list one may not see does not exist for them (404).
 */
export default class ListPolicy extends BasePolicy {
  @allowGuest()
  async view(viewer: User | null, list: List, shareToken?: string | null): Promise<AuthorizerResponse> {
    return (await this.canView(viewer, list, shareToken)) || this.hidden()
  }

  /** Only the owner changes a list; others who may see it get 403. */
  async edit(user: User, list: List, shareToken?: string | null): Promise<AuthorizerResponse> {
    if (list.userId === user.id) return true
    if (!(await this.canView(user, list, shareToken))) return this.hidden()
    return AuthorizationResponse.deny('Only the owner can change this list', 403)
  }

  private hidden() {
    return AuthorizationResponse.deny('List not found', 404)
  }

  private async canView(viewer: User | null, list: List, shareToken?: string | null): Promise<boolean> {
    if (viewer && viewer.id === list.userId) return true
    if (viewer && (await isBlockedBetween(list.userId, viewer.id))) return false
    switch (list.privacy) {
      case 'public':
        return true
      case 'link':
        return Boolean(shareToken) && sameToken(shareToken!, list.shareToken)
      case 'friends':
        return viewer !== null && (await areFriends(list.userId, viewer.id))
      default:
        return false
    }
  }
}
