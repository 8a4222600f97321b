import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { pageRequest } from '#services/http/pagination'
import FeedService from '#services/social/feed_service'
import { feedValidator, socialPageValidator } from '#validators/social'

/** GET /me/feed and GET /movies/:id/friends. */
@inject()
export default class FeedController {
  constructor(protected feeds: FeedService) {}

  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(feedValidator, { data: request.qs() })
    return this.feeds.feed(auth.getUserOrFail(), input.before, input.limit ?? 20)
  }

  async movieFriends({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(socialPageValidator, { data: request.qs() })
    return this.feeds.movieFriends(auth.getUserOrFail(), Number(params.id), pageRequest(input), request.url(), request.qs())
  }
}
