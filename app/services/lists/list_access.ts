import { timingSafeEqual } from 'node:crypto'
import List from '#models/list'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { areFriends, isBlockedBetween } from '#services/social/friendship_gate'

function sameToken(a: string, b: string) {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Who may see a list: its owner always; others as its privacy allows —
 * `public` everyone, `link` whoever holds the share token, `friends` the
 * owner's friends, `private` nobody. A user the owner blocked sees nothing.
 */
export async function canViewList(list: List, viewer: User | null, shareToken?: string | null): Promise<boolean> {
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

/** The list, or a 404 for a list that does not exist or that the viewer may not know exists. */
export async function findViewableListOrFail(
  listId: number,
  viewer: User | null,
  shareToken?: string | null
): Promise<List> {
  const list = await List.find(listId)
  if (!list || !(await canViewList(list, viewer, shareToken))) throw ApiException.notFound('List not found')
  return list
}

/**
 * A list the caller wants to change: 404 when they may not see it, 403 when
 * they see it but do not own it.
 */
export async function findOwnListOrFail(listId: number, user: User, shareToken?: string | null): Promise<List> {
  const list = await findViewableListOrFail(listId, user, shareToken)
  if (list.userId !== user.id) throw ApiException.forbidden('Only the owner can change this list')
  return list
}
