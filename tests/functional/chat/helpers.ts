import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import type { PushPayload, SseEvent } from '#tests/support/sse_client'
import { makeBlock } from '../social/helpers.js'

export { assertError, assertValidation, countRows, eventually, makeBlock, makeFriends, USER_SUMMARY_KEYS } from '../social/helpers.js'

export const ROOM_KEYS = ['id', 'type', 'movie', 'other_user', 'last_message', 'unread_count', 'last_read_message_id', 'created_at']
export const MESSAGE_KEYS = ['id', 'room_id', 'user', 'body', 'created_at']

/** A chat message as the API returns it and Transmit pushes it. */
export interface ChatMessage {
  id: number
  room_id: number
  user: { id: number }
  body: string
  created_at: string
}

export const channelOf = (roomId: number) => `chat/rooms/${roomId}`
export const isMessage = (event: SseEvent<PushPayload<ChatMessage>>) => event.payload.type === 'chat_message'

/** Opens (or finds) the direct room of two friends through the API; returns its id. */
export async function directRoom(client: ApiClient, from: User, to: User): Promise<number> {
  const response = await client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: to.id }).loginAs(from)
  if (![200, 201].includes(response.status())) throw new Error(`direct room: ${response.status()} ${JSON.stringify(response.body())}`)
  return response.body().id
}

/** Joins a movie's room through the API; returns its id. */
export async function joinMovieRoom(client: ApiClient, user: User, movieId: number): Promise<number> {
  const response = await client.post('/api/v1/chat/rooms').json({ type: 'movie', movie_id: movieId }).loginAs(user)
  if (![200, 201].includes(response.status())) throw new Error(`movie room: ${response.status()} ${JSON.stringify(response.body())}`)
  return response.body().id
}

/** A movie's room with three members, the first of whom blocked the second: the set-up of the block rules in movie rooms. */
export async function movieRoomWithBlock(client: ApiClient) {
  const [blocker, blocked, other] = await UserFactory.createMany(3)
  const movie = await MovieFactory.create()
  const roomId = await joinMovieRoom(client, blocker, movie.id)
  await joinMovieRoom(client, blocked, movie.id)
  await joinMovieRoom(client, other, movie.id)
  await makeBlock(blocker, blocked)
  return { blocker, blocked, other, roomId }
}

/** Sends a message through the API (201 expected); returns the message. */
export async function say(client: ApiClient, user: User, roomId: number, body: string) {
  const response = await client.post(`/api/v1/chat/rooms/${roomId}/messages`).json({ body }).loginAs(user)
  if (response.status() !== 201) throw new Error(`send: ${response.status()} ${JSON.stringify(response.body())}`)
  return response.body() as ChatMessage
}

/** `count` messages written straight to the table (long histories), oldest first; returns their ids. */
export async function seedMessages(roomId: number, authors: User[], count: number): Promise<number[]> {
  const rows = Array.from({ length: count }, (_, i) => ({ room_id: roomId, user_id: authors[i % authors.length].id, body: `message ${i + 1}` }))
  const inserted = await db.table('chat_messages').multiInsert(rows).returning('id')
  return inserted.map((row: { id: string | number }) => Number(row.id)).sort((a, b) => a - b)
}

export async function memberRow(roomId: number, userId: number) {
  return db.from('chat_room_members').where({ room_id: roomId, user_id: userId }).first()
}
