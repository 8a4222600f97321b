import type User from '#models/user'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import { toIso } from '#services/database/query_helpers'
import type { FriendshipState } from '#transformers/friend_transformer'
import UserTransformer, { type UserSummary } from '#transformers/user_transformer'

/** Another user's profile as the caller sees it (GET /users/:id). */
export type PublicProfile = UserSummary & { bio: string | null; is_private: boolean; friendship: FriendshipState }

/** One of another user's ratings (GET /users/:id/ratings): the movie with their rating. */
export type UserRatedMovie = ViewerMovieSummary & { user_rating: number; rated_at: string }

export default class PublicProfileTransformer {
  static resource(user: User, friendship: FriendshipState): PublicProfile {
    return {
      ...UserTransformer.summary(user),
      bio: user.bio,
      is_private: user.isPrivate,
      friendship,
    }
  }

  /** `movie` carries the viewer's own fields; `rating` and `ratedAt` are the profile owner's. */
  static ratedMovie(movie: ViewerMovieSummary, rating: number | string, ratedAt: Date | string): UserRatedMovie {
    return { ...movie, user_rating: Number(rating), rated_at: toIso(ratedAt) }
  }
}
