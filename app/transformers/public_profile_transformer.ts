import type User from '#models/user'
import type { FriendshipState } from '#transformers/friend_transformer'
import UserTransformer, { type UserSummary } from '#transformers/user_transformer'

/** Another user's profile as the caller sees it (GET /users/:id). */
export type PublicProfile = UserSummary & { bio: string | null; is_private: boolean; friendship: FriendshipState }

export default class PublicProfileTransformer {
  static resource(user: User, friendship: FriendshipState): PublicProfile {
    return {
      ...UserTransformer.summary(user),
      bio: user.bio,
      is_private: user.isPrivate,
      friendship,
    }
  }
}
