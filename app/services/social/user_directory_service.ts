import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { hiddenUserIdsFor } from '#services/social/friendship_gate'
import UserPolicy from '#policies/user_policy'
import { bouncerFor } from '#policies/bouncer_for'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import FriendshipService, {
  findUserOrFail,
  summaryOfRow,
  type Friend,
} from '#services/social/friendship_service'
import PublicProfileTransformer, { type PublicProfile } from '#transformers/public_profile_transformer'
import RatingService, { type RatedMovie } from '#services/library/rating_service'
import type { UserSummary } from '#transformers/user_summary_transformer'

export type { PublicProfile }

/** `%` and `_` are literal in a search term. */
const escapeLike = (term: string) => term.replace(/[\\%_]/g, (char) => `\\${char}`)

/**
 * Other users as the caller may see them: search, profiles with the
 * friendship state, and their friends and ratings (private accounts only to
 * friends). A user who blocked the caller does not exist for them (404).
 */
@inject()
export default class UserDirectoryService {
  constructor(
    protected friendships: FriendshipService,
    protected ratings: RatingService
  ) {}

  /** Case-insensitive substring on username / display name; prefix matches first. Never email. */
  async search(viewer: User, term: string, page: PageRequest, path: string, query: Record<string, unknown>): Promise<Page<UserSummary>> {
    const needle = escapeLike(term.toLowerCase())
    const base = db
      .from('users')
      .where('is_placeholder', false)
      .where((q) =>
        q.whereRaw(`lower(username) LIKE ? ESCAPE '\\'`, [`%${needle}%`]).orWhereRaw(`lower(display_name) LIKE ? ESCAPE '\\'`, [`%${needle}%`])
      )
      .whereNotExists((q) => q.from('blocks').whereColumn('blocks.blocker_id', 'users.id').where('blocks.blocked_id', viewer.id))
    const [totalRow, rows] = await Promise.all([
      base.clone().count('* as total').first(),
      base
        .clone()
        .select('id', 'username', 'display_name', 'avatar_path')
        .orderByRaw(
          `CASE WHEN lower(username) LIKE ? ESCAPE '\\' OR lower(coalesce(display_name, '')) LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END`,
          [`${needle}%`, `${needle}%`]
        )
        .orderByRaw('lower(username)')
        .offset((page.page - 1) * page.perPage)
        .limit(page.perPage),
    ])
    return { data: rows.map(summaryOfRow), meta: paginationMeta(Number(totalRow?.total ?? 0), page, path, query) }
  }

  async show(viewer: User, userId: number): Promise<PublicProfile> {
    const target = await this.visibleUserOrFail(viewer, userId)
    return PublicProfileTransformer.resource(target, await this.friendships.state(viewer.id, target.id))
  }

  async friendsOf(viewer: User, userId: number, page: PageRequest, path: string, query: Record<string, unknown>): Promise<Page<Friend>> {
    const target = await this.readableUserOrFail(viewer, userId)
    return this.friendships.friendsOf(target.id, await hiddenUserIdsFor(viewer.id), page, path, query)
  }

  /** Their ratings as MovieSummary + user_rating (theirs) and rated_at; the viewer's own fields come from the viewer. */
  async ratingsOf(viewer: User, userId: number, page: PageRequest, path: string, query: Record<string, unknown>): Promise<Page<RatedMovie>> {
    const target = await this.readableUserOrFail(viewer, userId)
    return this.ratings.listRatedBy(target.id, viewer.id, '-rated_at', page, path, query)
  }

  /** 404 for an unknown user or one who blocked the viewer. */
  private async visibleUserOrFail(viewer: User, userId: number): Promise<User> {
    const target = await findUserOrFail(userId)
    await bouncerFor(viewer).with(UserPolicy).authorize('view', target)
    return target
  }

  /** As visibleUserOrFail, and 403 for a private account the viewer is not a friend of. */
  private async readableUserOrFail(viewer: User, userId: number): Promise<User> {
    const target = await findUserOrFail(userId)
    await bouncerFor(viewer).with(UserPolicy).authorize('viewActivity', target)
    return target
  }
}
