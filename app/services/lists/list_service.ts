import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import List, { type ListPrivacy, type ListSort } from '#models/list'
import type { CommentPolicyValue } from '#models/comment'
import ListItem from '#models/list_item'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { findOwnListOrFail, findViewableListOrFail } from '#services/lists/list_access'
import { assertVisibleMovie, findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { friendIdsOf, hiddenUserIdsFor } from '#services/social/friendship_gate'
import { recordActivity } from '#services/social/activities'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { affectedRows } from '#services/database/query_helpers'
import { invalidateMovieEngagement } from '#services/catalogue/movie_engagement_cache'
import ListTransformer, { type ListDetail, type ListItemResource, type ListResource } from '#transformers/list_transformer'
import { LIST_MAX_ITEMS } from '#validators/list'

export interface ListInput {
  title: string
  description?: string | null
  privacy: ListPrivacy
  ranked?: boolean
  /** Who may comment on it (CommentPolicy.create); `anyone` when absent. */
  commentPolicy?: CommentPolicyValue
}

export type ListChanges = Partial<ListInput> & { regenerateShareToken?: boolean }

export type { ListDetail, ListItemResource, ListResource }

interface PageOptions {
  sort: ListSort
  page: PageRequest
  path: string
  query: Record<string, unknown>
}

const newShareToken = () => randomBytes(24).toString('base64url')

/**
 * Custom lists. Items keep positions 1..n with no gaps (moves and removals
 * shift the neighbours inside one transaction that locks the list), so a
 * ranked list's order is always well defined.
 */
export default class ListService {
  /** GET /lists: what the viewer may see, optionally one user's. */
  async browse(viewer: User | null, userId: number | undefined, options: PageOptions): Promise<Page<ListResource>> {
    const [friendIds, hidden] = await Promise.all([
      viewer ? friendIdsOf(viewer.id) : Promise.resolve([]),
      hiddenUserIdsFor(viewer?.id ?? null),
    ])
    const base = List.query().apply((scopes) => scopes.visibleInListings(viewer?.id ?? null, friendIds, hidden))
    if (userId !== undefined) base.where('lists.user_id', userId)
    return this.page(base, viewer, options)
  }

  /**
   * GET /movies/:id/lists: the public lists holding the movie, most liked
   * first; lists of users blocked either way are left out, as in GET /lists.
   * 404 when the viewer may not see the movie.
   */
  async containingMovie(movieId: number, viewer: User | null, options: Omit<PageOptions, 'sort'>): Promise<Page<ListResource>> {
    await assertVisibleMovie(movieId, viewer)
    const hidden = await hiddenUserIdsFor(viewer?.id ?? null)
    const base = List.query()
      .where('lists.privacy', 'public')
      .apply((scopes) => scopes.containingMovie(movieId))
    if (hidden.length) base.whereNotIn('lists.user_id', hidden)
    return this.page(base, viewer, { ...options, sort: '-likes' })
  }

  /** GET /me/lists: every list of the caller, whatever its privacy. */
  async mine(user: User, options: PageOptions): Promise<Page<ListResource>> {
    return this.page(List.query().where('lists.user_id', user.id), user, options)
  }

  async create(user: User, input: ListInput): Promise<ListDetail> {
    const list = await List.create({
      userId: user.id,
      title: input.title,
      description: input.description?.trim() || null,
      privacy: input.privacy,
      ranked: input.ranked ?? false,
      commentPolicy: input.commentPolicy ?? 'anyone',
      shareToken: newShareToken(),
    })
    // Only lists friends may see reach their feed.
    if (list.privacy === 'public' || list.privacy === 'friends') await recordActivity(user.id, 'list_created', list.id)
    return this.detail(list.id, user)
  }

  async show(listId: number, viewer: User | null, shareToken?: string): Promise<ListDetail> {
    await findViewableListOrFail(listId, viewer, shareToken)
    return this.detail(listId, viewer)
  }

  async update(listId: number, user: User, changes: ListChanges, shareToken?: string): Promise<ListDetail> {
    const list = await findOwnListOrFail(listId, user, shareToken)
    if (changes.title !== undefined) list.title = changes.title
    if (changes.description !== undefined) list.description = changes.description?.trim() || null
    if (changes.privacy !== undefined) list.privacy = changes.privacy
    if (changes.ranked !== undefined) list.ranked = changes.ranked
    if (changes.commentPolicy !== undefined) list.commentPolicy = changes.commentPolicy
    if (changes.regenerateShareToken) list.shareToken = newShareToken()
    const privacyChanged = list.$isDirty && 'privacy' in list.$dirty
    await list.save()
    // Public or not decides whether the list counts in its movies' stats.
    if (privacyChanged) await invalidateMovieEngagement(await this.movieIdsOf(list.id))
    return this.detail(list.id, user)
  }

  async destroy(listId: number, user: User, shareToken?: string) {
    const list = await findOwnListOrFail(listId, user, shareToken)
    const movieIds = await this.movieIdsOf(list.id)
    await list.delete()
    await invalidateMovieEngagement(movieIds)
  }

  /**
   * Adds a movie (201) or updates its note/position (200). Without a
   * position a new item goes last and an existing one stays where it is;
   * a position past the end means "last".
   */
  async putItem(
    listId: number,
    movieId: number,
    user: User,
    input: { note?: string | null; position?: number },
    shareToken?: string
  ): Promise<{ created: boolean; item: ListItemResource }> {
    await findOwnListOrFail(listId, user, shareToken)
    await findVisibleMovieOrFail(movieId, user)

    const created = await db.transaction(async (trx) => {
      await this.lockList(trx, listId)
      const count = await this.itemCount(trx, listId)
      const existing = await ListItem.query({ client: trx }).where({ listId, movieId }).first()
      const note = input.note === undefined ? undefined : input.note?.trim() || null

      if (!existing) {
        if (count >= LIST_MAX_ITEMS) {
          throw ApiException.validation([
            { field: 'movie_id', rule: 'maxItems', message: `A list holds at most ${LIST_MAX_ITEMS} movies` },
          ])
        }
        const target = Math.min(input.position ?? count + 1, count + 1)
        // Make room: everything from the target position moves one down.
        await trx.from('list_items').where('list_id', listId).where('position', '>=', target).increment('position', 1)
        await ListItem.create({ listId, movieId, position: target, note: note ?? null }, { client: trx })
        await this.touch(trx, listId)
        return true
      }

      if (input.position !== undefined) {
        const target = Math.min(input.position, count)
        await this.move(trx, listId, existing.position, target)
        existing.position = target
      }
      if (note !== undefined) existing.note = note
      existing.useTransaction(trx)
      await existing.save()
      await this.touch(trx, listId)
      return false
    })
    if (created) await invalidateMovieEngagement([movieId])
    return { created, item: await this.item(listId, movieId, user) }
  }

  /** Removes a movie and closes the gap (404 when it is not on the list). */
  async removeItem(listId: number, movieId: number, user: User, shareToken?: string) {
    await findOwnListOrFail(listId, user, shareToken)
    await db.transaction(async (trx) => {
      await this.lockList(trx, listId)
      const item = await ListItem.query({ client: trx }).where({ listId, movieId }).first()
      if (!item) throw ApiException.notFound('This movie is not on the list')
      await trx.from('list_items').where('id', item.id).delete()
      await trx.from('list_items').where('list_id', listId).where('position', '>', item.position).decrement('position', 1)
      await this.touch(trx, listId)
    })
    await invalidateMovieEngagement([movieId])
  }

  async like(listId: number, user: User, shareToken?: string) {
    await findViewableListOrFail(listId, user, shareToken)
    await db.table('list_likes').insert({ user_id: user.id, list_id: listId }).onConflict(['user_id', 'list_id']).ignore()
  }

  async unlike(listId: number, user: User, shareToken?: string) {
    await findViewableListOrFail(listId, user, shareToken)
    const deleted = await db.from('list_likes').where({ user_id: user.id, list_id: listId }).delete()
    return affectedRows(deleted)
  }

  private async detail(listId: number, viewer: User | null): Promise<ListDetail> {
    const list = await List.query()
      .where('lists.id', listId)
      .apply((scopes) => scopes.withCounts())
      .preload('user')
      .firstOrFail()
    const items = await ListItem.query().where('list_id', listId).orderBy('position', 'asc')
    const movies = await movieSummaries(
      items.map((item) => item.movieId),
      viewer?.id ?? null
    )
    const [resource] = await this.serialize([list], viewer)
    return ListTransformer.detail(
      resource,
      items.filter((item) => movies.has(item.movieId)).map((item) => ListTransformer.item(item, movies.get(item.movieId)!))
    )
  }

  private async item(listId: number, movieId: number, viewer: User): Promise<ListItemResource> {
    const item = await ListItem.query().where({ listId, movieId }).firstOrFail()
    const movies = await movieSummaries([movieId], viewer.id)
    return ListTransformer.item(item, movies.get(movieId)!)
  }

  private async page(
    base: ModelQueryBuilderContract<typeof List, List>,
    viewer: User | null,
    { sort, page, path, query }: PageOptions
  ): Promise<Page<ListResource>> {
    const [countRow] = await base.clone().count('* as total')
    const lists = await base
      .clone()
      .apply((scopes) => {
        scopes.withCounts()
        scopes.sorted(sort)
      })
      .preload('user')
      .offset((page.page - 1) * page.perPage)
      .limit(page.perPage)
    return {
      data: await this.serialize(lists, viewer),
      meta: paginationMeta(Number(countRow.$extras.total), page, path, query),
    }
  }

  /** The lists' response shapes, with `liked` (one query) when there is a viewer. */
  private async serialize(lists: List[], viewer: User | null): Promise<ListResource[]> {
    let liked: Set<number> | null = null
    if (viewer) {
      const rows = lists.length
        ? await db
            .from('list_likes')
            .where('user_id', viewer.id)
            .whereIn(
              'list_id',
              lists.map((list) => list.id)
            )
            .select('list_id')
        : []
      liked = new Set(rows.map((row) => Number(row.list_id)))
    }
    return lists.map((list) => ListTransformer.resource(list, viewer?.id ?? null, liked))
  }

  /** The movies on a list (their stats count the list while it is public). */
  private async movieIdsOf(listId: number): Promise<number[]> {
    const rows: { movie_id: number }[] = await db.from('list_items').where('list_id', listId).select('movie_id')
    return rows.map((row) => row.movie_id)
  }

  /** Serialises writers of one list's items (positions are read, then shifted). */
  private async lockList(trx: TransactionClientContract, listId: number) {
    await trx.from('lists').where('id', listId).forUpdate().select('id').first()
  }

  private async itemCount(trx: TransactionClientContract, listId: number) {
    const [row] = await trx.from('list_items').where('list_id', listId).count('* as total')
    return Number(row.total)
  }

  /** Moves the item at `from` to `to`, shifting the ones in between by one. */
  private async move(trx: TransactionClientContract, listId: number, from: number, to: number) {
    if (from === to) return
    const items = trx.from('list_items').where('list_id', listId)
    if (to < from) await items.whereBetween('position', [to, from - 1]).increment('position', 1)
    else await items.whereBetween('position', [from + 1, to]).decrement('position', 1)
  }

  private async touch(trx: TransactionClientContract, listId: number) {
    await trx.from('lists').where('id', listId).update({ updated_at: new Date() })
  }
}
