import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import ChatRoom from '#models/chat_room'
import ChatRoomMember from '#models/chat_room_member'
import ApiException from '#exceptions/api_exception'
import { membershipOrFail, openMembershipOrFail } from '#services/chat/chat_access'
import ChatRoomPolicy from '#policies/chat_room_policy'
import { bouncerFor } from '#policies/bouncer_for'
import { friendshipPair, hiddenUserIdsFor } from '#services/social/friendship_gate'
import { findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { findUserOrFail, userSummaries } from '#services/social/friendship_service'
import { realtime } from '#services/realtime/realtime_push'
import ChatMessageTransformer, { type ChatMessageResource } from '#transformers/chat_message_transformer'
import ChatRoomTransformer, { type ChatRoomResource, type ReadMarker } from '#transformers/chat_room_transformer'
import type { UserSummary } from '#transformers/user_summary_transformer'
import type { ChatRoomType } from '#models/chat_room'

interface RoomRow {
  id: number
  type: ChatRoomType
  movie_id: number | null
  user_low_id: number | null
  user_high_id: number | null
  created_at: Date
  last_read_message_id: string | number | null
}

interface MessageRow {
  id: string
  room_id: number
  user_id: number
  body: string
  created_at: Date
}

export type { ReadMarker }

/**
 * Chat rooms: the caller's list, opening a direct room with a friend,
 * joining and leaving movie rooms, read markers. Unread counts and the
 * latest message leave out what the viewer may not see (messages of users
 * on either side of a block, like comments), and the viewer's own messages.
 */
export default class ChatRoomService {
  /**
   * The caller's rooms, latest activity first: direct rooms while the other
   * user is a friend (a closed one comes back with the friendship), and the
   * movie rooms they joined.
   */
  async list(user: User, page: PageRequest, path: string, query: Record<string, unknown>): Promise<Page<ChatRoomResource>> {
    const base = db
      .from('chat_room_members as m')
      .join('chat_rooms as r', 'r.id', 'm.room_id')
      .where('m.user_id', user.id)
      .where((scope) =>
        scope
          .where((movie) =>
            // A movie a moderator hid takes its room away.
            movie
              .where('r.type', 'movie')
              .whereExists((movies) => movies.from('movies as mv').whereColumn('mv.id', 'r.movie_id').where('mv.is_hidden', false))
          )
          .orWhere((direct) =>
            direct
              .where('r.type', 'direct')
              .whereExists((friends) =>
                friends
                  .from('friendships as f')
                  .whereColumn('f.user_low_id', 'r.user_low_id')
                  .whereColumn('f.user_high_id', 'r.user_high_id')
              )
              // A block deletes the friendship already; checked again so a room never outlives one.
              .whereNotExists((blocks) =>
                blocks
                  .from('blocks as b')
                  .where((pair) => pair.whereColumn('b.blocker_id', 'r.user_low_id').whereColumn('b.blocked_id', 'r.user_high_id'))
                  .orWhere((pair) => pair.whereColumn('b.blocker_id', 'r.user_high_id').whereColumn('b.blocked_id', 'r.user_low_id'))
              )
          )
      )
    const [totalRow, rows] = await Promise.all([
      base.clone().count('* as total').first(),
      base
        .clone()
        .select('r.id', 'r.type', 'r.movie_id', 'r.user_low_id', 'r.user_high_id', 'r.created_at', 'm.last_read_message_id')
        .orderByRaw('COALESCE(r.last_message_at, m.created_at) DESC')
        .orderBy('r.id', 'desc')
        .offset((page.page - 1) * page.perPage)
        .limit(page.perPage),
    ])
    return {
      data: await this.hydrate(user, rows),
      meta: paginationMeta(Number(totalRow?.total ?? 0), page, path, query),
    }
  }

  /** One room as its member sees it (the POST responses). */
  async show(user: User, roomId: number): Promise<ChatRoomResource> {
    const row: RoomRow = await db
      .from('chat_room_members as m')
      .join('chat_rooms as r', 'r.id', 'm.room_id')
      .where({ 'm.user_id': user.id, 'm.room_id': roomId })
      .select('r.id', 'r.type', 'r.movie_id', 'r.user_low_id', 'r.user_high_id', 'r.created_at', 'm.last_read_message_id')
      .firstOrFail()
    return (await this.hydrate(user, [row]))[0]
  }

  /**
   * The direct room with a friend: the existing one (created false) or a new
   * one with both users as members. The pair's unique constraint settles
   * concurrent first messages: the loser reads the winner's room.
   */
  async openDirect(user: User, otherId: number): Promise<{ created: boolean; room: ChatRoomResource }> {
    if (otherId === user.id) {
      throw ApiException.validation([{ field: 'user_id', rule: 'not_self', message: 'You cannot chat with yourself' }])
    }
    const other = await findUserOrFail(otherId)
    await bouncerFor(user).with(ChatRoomPolicy).authorize('openDirect', other)

    const created = await db.transaction(async (trx) => {
      const inserted = await trx
        .table('chat_rooms')
        .insert({ type: 'direct', ...friendshipPair(user.id, other.id) })
        .onConflict(['user_low_id', 'user_high_id'])
        .ignore()
        .returning('id')
      if (!inserted.length) return false
      await trx.table('chat_room_members').multiInsert([
        { room_id: inserted[0].id, user_id: user.id },
        { room_id: inserted[0].id, user_id: other.id },
      ])
      return true
    })
    const room = await ChatRoom.query().apply((scopes) => scopes.directPair(user.id, other.id)).firstOrFail()
    return { created, room: await this.show(user, room.id) }
  }

  /**
   * Joins a movie's public room (created with its first member). A new
   * member starts with everything already said marked read: joining a busy
   * room does not show thousands of unread messages.
   */
  async joinMovie(user: User, movieId: number): Promise<{ created: boolean; room: ChatRoomResource }> {
    const movie = await findVisibleMovieOrFail(movieId, user)
    await db.table('chat_rooms').insert({ type: 'movie', movie_id: movie.id }).onConflict(['movie_id']).ignore()
    const room = await ChatRoom.query().apply((scopes) => scopes.ofMovie(movie.id)).firstOrFail()
    const inserted = await db
      .table('chat_room_members')
      .insert({
        room_id: room.id,
        user_id: user.id,
        last_read_message_id: db.raw('(SELECT max(id) FROM chat_messages WHERE room_id = ?)', [room.id]),
      })
      .onConflict(['room_id', 'user_id'])
      .ignore()
      .returning('room_id')
    return { created: inserted.length > 0, room: await this.show(user, room.id) }
  }

  /** Leaves a movie room. Direct rooms cannot be left (unfriend or block to close one): 403. */
  async leave(user: User, roomId: number) {
    const { room } = await membershipOrFail(user, roomId)
    await bouncerFor(user).with(ChatRoomPolicy).authorize('leave', room)
    await ChatRoomMember.query().apply((scopes) => scopes.of(room.id, user.id)).delete()
  }

  /**
   * Moves the caller's read marker to `messageId` (a message of the room),
   * or to the room's latest message. Markers only move forward: reading an
   * old page again does not bring back unread messages.
   */
  async markRead(user: User, roomId: number, messageId: number | undefined): Promise<ReadMarker> {
    const { room, member } = await openMembershipOrFail(user, roomId)
    let target: number | null
    if (messageId !== undefined) {
      const message = await db.from('chat_messages').where({ id: messageId, room_id: room.id }).select('id').first()
      if (!message) {
        throw ApiException.validation([{ field: 'message_id', rule: 'exists', message: 'No such message in this room' }])
      }
      target = Number(message.id)
    } else {
      const latest = await db.from('chat_messages').where('room_id', room.id).max('id as id').first()
      target = latest?.id ? Number(latest.id) : null
    }
    const current = member.lastReadMessageId
    const next = target !== null && (current === null || target > current) ? target : current
    if (next !== current) {
      await ChatRoomMember.query().apply((scopes) => scopes.of(room.id, user.id)).update({ last_read_message_id: next })
    }
    const hidden = room.type === 'movie' ? await hiddenUserIdsFor(user.id) : []
    const counts = await this.unreadCounts(user.id, [room.id], hidden)
    const marker = ChatRoomTransformer.readMarker(room.id, next, counts.get(room.id) ?? 0)
    // Read receipts for the other member of a direct room (not worth the noise in movie rooms).
    if (room.type === 'direct' && next !== current) {
      realtime.chatEvent(room.id, 'chat_read', { room_id: room.id, user_id: user.id, last_read_message_id: next })
    }
    return marker
  }

  /** Unread messages per room for `userId`: others' messages after the marker, minus hidden users. */
  async unreadCounts(userId: number, roomIds: number[], hidden: number[]): Promise<Map<number, number>> {
    if (!roomIds.length) return new Map()
    const rows: { room_id: number; unread: string | number }[] = await db
      .from('chat_room_members as m')
      .join('chat_messages as msg', 'msg.room_id', 'm.room_id')
      .where('m.user_id', userId)
      .whereIn('m.room_id', roomIds)
      .whereRaw('msg.id > COALESCE(m.last_read_message_id, 0)')
      .whereNot('msg.user_id', userId)
      .if(hidden.length > 0, (query) => query.whereNotIn('msg.user_id', hidden))
      .groupBy('m.room_id')
      .select('m.room_id')
      .count('* as unread')
    return new Map(rows.map((row) => [row.room_id, Number(row.unread)]))
  }

  private async hydrate(user: User, rows: RoomRow[]): Promise<ChatRoomResource[]> {
    if (!rows.length) return []
    const roomIds = rows.map((row) => row.id)
    const hidden = await hiddenUserIdsFor(user.id)
    const otherIds = rows.flatMap((row) => (row.type === 'direct' ? [row.user_low_id === user.id ? row.user_high_id! : row.user_low_id!] : []))
    const movieIds = rows.flatMap((row) => (row.movie_id ? [row.movie_id] : []))
    const [lastMessages, unread, movies] = await Promise.all([
      this.lastMessages(roomIds, hidden),
      this.unreadCounts(user.id, roomIds, hidden),
      movieSummaries(movieIds, user.id),
    ])
    const users = await userSummaries([...otherIds, ...[...lastMessages.values()].map((message) => message.user_id)])
    return rows.map((row) =>
      ChatRoomTransformer.resource({
        id: row.id,
        type: row.type,
        createdAt: row.created_at,
        lastReadMessageId: row.last_read_message_id,
        movie: row.movie_id ? (movies.get(row.movie_id) ?? null) : null,
        otherUser: row.type === 'direct' ? (users.get(row.user_low_id === user.id ? row.user_high_id! : row.user_low_id!) ?? null) : null,
        lastMessage: this.lastMessageOf(lastMessages.get(row.id), users),
        unreadCount: unread.get(row.id) ?? 0,
      })
    )
  }

  private lastMessageOf(row: MessageRow | undefined, users: Map<number, UserSummary>): ChatMessageResource | null {
    return row ? ChatMessageTransformer.fromRow(row, users) : null
  }

  /** The latest visible message of each room: one (room_id, id DESC) index probe per room. */
  private async lastMessages(roomIds: number[], hidden: number[]): Promise<Map<number, MessageRow>> {
    const result = await db.rawQuery(
      `SELECT lm.id, lm.room_id, lm.user_id, lm.body, lm.created_at
         FROM unnest(?::int[]) AS room(id)
         CROSS JOIN LATERAL (
           SELECT id, room_id, user_id, body, created_at FROM chat_messages
            WHERE room_id = room.id AND user_id <> ALL(?::int[])
            ORDER BY id DESC LIMIT 1
         ) lm`,
      [roomIds, hidden]
    )
    return new Map((result.rows as MessageRow[]).map((row) => [row.room_id, row]))
  }
}
