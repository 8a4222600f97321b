import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { pageRequest } from '#services/http/pagination'
import FriendshipService from '#services/social/friendship_service'
import { friendRequestsValidator, socialPageValidator } from '#validators/social'

/** /me/friends and /me/friend-requests. */
@inject()
export default class FriendsController {
  constructor(protected friendships: FriendshipService) {}

  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(socialPageValidator, { data: request.qs() })
    return this.friendships.friendsOf(auth.getUserOrFail().id, [], pageRequest(input), request.url(), request.qs())
  }

  async destroy({ auth, params, response }: HttpContext) {
    await this.friendships.unfriend(auth.getUserOrFail(), Number(params.user_id))
    return response.noContent()
  }

  async requests({ auth, request }: HttpContext) {
    const input = await request.validateUsing(friendRequestsValidator, { data: request.qs() })
    return this.friendships.requests(
      auth.getUserOrFail(),
      input.direction ?? 'incoming',
      pageRequest(input),
      request.url(),
      request.qs()
    )
  }

  async accept({ auth, params }: HttpContext) {
    return this.friendships.accept(auth.getUserOrFail(), Number(params.id))
  }

  /** Declines an incoming or cancels an outgoing request. */
  async destroyRequest({ auth, params, response }: HttpContext) {
    await this.friendships.discard(auth.getUserOrFail(), Number(params.id))
    return response.noContent()
  }
}
