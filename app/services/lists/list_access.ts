import List from '#models/list'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import ListPolicy from '#policies/list_policy'
import { bouncerFor } from '#policies/bouncer_for'

/**
 * Loading a list for someone: the rules (privacy, share tokens, blocks,
 * ownership) are ListPolicy's; a list that does not exist is a 404 like one
 * the caller may not see.
 */

/** The list, or a 404 for a list that does not exist or that the viewer may not know exists. */
export async function findViewableListOrFail(
  listId: number,
  viewer: User | null,
  shareToken?: string | null
): Promise<List> {
  const list = await List.find(listId)
  if (!list) throw ApiException.notFound('List not found')
  await bouncerFor(viewer).with(ListPolicy).authorize('view', list, shareToken)
  return list
}

/**
 * A list the caller wants to change: 404 when they may not see it, 403 when
 * they see it but do not own it.
 */
export async function findOwnListOrFail(listId: number, user: User, shareToken?: string | null): Promise<List> {
  const list = await List.find(listId)
  if (!list) throw ApiException.notFound('List not found')
  await bouncerFor(user).with(ListPolicy).authorize('edit', list, shareToken)
  return list
}
