import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { pageRequest } from '#services/http/pagination'
import FriendshipService from '#services/social/friendship_service'
import UserDirectoryService from '#services/social/user_directory_service'
import { searchUsersValidator, socialPageValidator } from '#validators/social'

/** /users: other users, their friends and ratings as privacy allows, friend requests. */
@inject()
export default class UsersController {
  constructor(
    protected directory: UserDirectoryService,
    protected friendships: FriendshipService
  ) {}

  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(searchUsersValidator, { data: request.qs() })
    return this.directory.search(auth.getUserOrFail(), input.search, pageRequest(input), request.url(), request.qs())
  }

  async show({ auth, params }: HttpContext) {
    return this.directory.show(auth.getUserOrFail(), Number(params.id))
  }

  async friends({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(socialPageValidator, { data: request.qs() })
    return this.directory.friendsOf(auth.getUserOrFail(), Number(params.id), pageRequest(input), request.url(), request.qs())
  }

  async ratings({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(socialPageValidator, { data: request.qs() })
    return this.directory.ratingsOf(auth.getUserOrFail(), Number(params.id), pageRequest(input), request.url(), request.qs())
  }

  async friendRequest({ auth, params, response }: HttpContext) {
    return response.status(201).json(await this.friendships.sendRequest(auth.getUserOrFail(), Number(params.id)))
  }
}
