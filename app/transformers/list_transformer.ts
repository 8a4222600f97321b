import type List from '#models/list'
import type { ListPrivacy } from '#models/list'
import type { CommentPolicyValue } from '#models/comment'
import type ListItem from '#models/list_item'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import UserTransformer, { type UserSummary } from '#transformers/user_transformer'

/** A custom list as listed (GET /lists, /me/lists) and, with its items, shown. */
export interface ListResource {
  id: number
  user: UserSummary
  title: string
  description: string | null
  privacy: ListPrivacy
  ranked: boolean
  /** Who may comment on it: `anyone`, `friends` (the owner's friends and the owner) or `none` (the owner only). */
  comment_policy: CommentPolicyValue
  items_count: number
  likes_count: number
  comments_count: number
  /** Whether the caller liked it (only with a token). */
  liked?: boolean
  /** Only for the owner: the token that opens a `link` list. */
  share_token?: string
  created_at: string
  updated_at: string
}

export interface ListItemResource {
  movie: ViewerMovieSummary
  position: number
  note: string | null
  added_at: string
  updated_at: string
}

export type ListDetail = ListResource & { items: ListItemResource[] }

export default class ListTransformer {
  /**
   * Expects `user` preloaded and the counts of List's `withCounts` scope.
   * `liked`: the ids of the lists the viewer liked, null without a viewer
   * (then there is no `liked` field); `share_token` only for the owner.
   */
  static resource(list: List, viewerId: number | null, liked: Set<number> | null): ListResource {
    return {
      id: list.id,
      user: UserTransformer.summary(list.user),
      title: list.title,
      description: list.description,
      privacy: list.privacy,
      ranked: list.ranked,
      comment_policy: list.commentPolicy,
      items_count: Number(list.$extras.items_count ?? 0),
      likes_count: Number(list.$extras.likes_count ?? 0),
      comments_count: Number(list.$extras.comments_count ?? 0),
      ...(liked ? { liked: liked.has(list.id) } : {}),
      ...(viewerId === list.userId ? { share_token: list.shareToken } : {}),
      created_at: list.createdAt.toUTC().toISO()!,
      updated_at: list.updatedAt.toUTC().toISO()!,
    }
  }

  static item(item: ListItem, movie: ViewerMovieSummary): ListItemResource {
    return {
      movie,
      position: item.position,
      note: item.note,
      added_at: item.createdAt.toUTC().toISO()!,
      updated_at: item.updatedAt.toUTC().toISO()!,
    }
  }

  static detail(list: ListResource, items: ListItemResource[]): ListDetail {
    return { ...list, items }
  }
}
