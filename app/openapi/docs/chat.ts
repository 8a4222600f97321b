import type { DocsModule, Schema } from '#openapi/types'
import { cursorPage, dateTime, integer, nullable, object, page, pathParam, ref, userSummary } from '#openapi/schemas'
import {
  chatMessagesValidator,
  chatRoomsValidator,
  createChatRoomValidator,
  markChatReadValidator,
  sendChatMessageValidator,
} from '#validators/chat'

/*
| Chat: direct rooms between friends, one public room per movie, history
| and read markers. Live delivery is Transmit's SSE (`/__transmit/*`,
| outside this document): channel `chat/rooms/{id}`.
*/

const message: Schema = object({
  id: integer,
  room_id: integer,
  user: userSummary,
  body: { type: 'string', minLength: 1, maxLength: 2000 },
  created_at: dateTime,
})
const room: Schema = object({
    id: integer,
    type: { enum: ['direct', 'movie'] },
    movie: { ...nullable(ref('MovieSummary')), description: 'The movie of a movie room; null for direct rooms' },
    other_user: { ...nullable(userSummary), description: 'The other member of a direct room; null for movie rooms' },
    last_message: { ...nullable(message), description: 'The latest message the caller may see' },
    unread_count: { ...integer, description: "Other members' messages after the caller's read marker" },
    last_read_message_id: nullable(integer),
    created_at: dateTime,
})
const history: Schema = cursorPage(message, 'Opaque; pass it as `before` for older messages (null at the end)')
const readMarker: Schema = object({ room_id: integer, last_read_message_id: nullable(integer), unread_count: integer })

const roomId = pathParam('id', 'Chat room id')
const access =
  'Members only: 404 for anyone else. A direct room is closed while its users are not friends or either blocked ' +
  'the other: then 403 (reopens, history included, when they are friends again).'

const docs: DocsModule = {
  tags: [
    {
      name: 'Chat',
      description:
        'Direct rooms between friends and one public room per movie. Live delivery over Transmit SSE: subscribe to ' +
        '`chat/rooms/{id}` (members of an open room only) to receive `{type: "chat_message", data: ChatMessage}` ' +
        'for every message, the sender\'s included, and `{type: "chat_read", data: {room_id, user_id, ' +
        'last_read_message_id}}` when a member of a direct room reads.',
    },
  ],
  routes: {
    'api.chat.rooms.index': {
      summary: 'My chat rooms',
      description:
        'Direct rooms with current friends and the movie rooms the caller joined, latest activity first (the latest ' +
        'message, else when the caller joined). Messages of users on either side of a block are left out of ' +
        '`last_message` and `unread_count`.',
      tags: ['Chat'],
      auth: 'required',
      query: { validator: chatRoomsValidator },
      responses: {
        200: {
          description: 'Rooms',
          schema: page(room),
        },
      },
    },
    'api.chat.rooms.store': {
      summary: 'Open a direct room or join a movie room',
      description:
        '`{type: "direct", user_id}`: the room with a friend, one per pair: 201 when created, 200 with the existing ' +
        'one. 403 when not friends, 404 for an unknown user or when either blocked the other, 422 for oneself. ' +
        '`{type: "movie", movie_id}`: joins the movie\'s public room: 201 new membership, 200 already a member; ' +
        '404 for an unknown or hidden movie. A new member starts with earlier messages marked read.',
      tags: ['Chat'],
      auth: 'required',
      body: { validator: createChatRoomValidator, example: { type: 'direct', user_id: 2 } },
      responses: {
        200: { description: 'The existing room / already a member', schema: room },
        201: { description: 'Room created / joined', schema: room },
      },
      errors: [403, 404],
    },
    'api.chat.rooms.membership.destroy': {
      summary: 'Leave a movie room',
      description:
        'Ends the membership (the room and its messages stay). Direct rooms cannot be left (403): unfriending or ' +
        'blocking closes them. 404 when not a member.',
      tags: ['Chat'],
      auth: 'required',
      params: roomId,
      responses: { 204: { description: 'Left' } },
      errors: [403, 404],
    },
    'api.chat.rooms.read': {
      summary: 'Mark a room read',
      description:
        'Moves the caller\'s read marker to `message_id` (a message of this room, else 422) or, without it, to the ' +
        `latest message. Markers only move forward. ${access}`,
      tags: ['Chat'],
      auth: 'required',
      params: roomId,
      body: { validator: markChatReadValidator, example: { message_id: 42 } },
      responses: { 200: { description: 'The marker and what is left unread', schema: readMarker } },
      errors: [403, 404],
    },
    'api.chat.rooms.messages.index': {
      summary: 'Chat history',
      description:
        `Newest first. Pass \`next_cursor\` as \`before\` for older messages; \`before\` may also be a message id. ${access} ` +
        'In movie rooms, messages of users on either side of a block with the caller are left out.',
      tags: ['Chat'],
      auth: 'required',
      params: roomId,
      query: {
        validator: chatMessagesValidator,
        descriptions: { before: 'A `next_cursor` (a message id): messages older than it', limit: 'Messages per page, 1–100 (default 50)' },
      },
      responses: { 200: { description: 'One page of messages', schema: history } },
      errors: [403, 404],
    },
    'api.chat.rooms.messages.store': {
      summary: 'Send a message',
      description:
        `1–2000 characters after trimming. Stored, then pushed on \`chat/rooms/{id}\` to every subscriber (the sender ` +
        `too); in a direct room the other member gets a \`chat_message\` notification (queued). ${access}`,
      tags: ['Chat'],
      auth: 'required',
      params: roomId,
      body: { validator: sendChatMessageValidator, example: { body: 'Who else loved the ending?' } },
      responses: { 201: { description: 'The message', schema: message } },
      errors: [403, 404],
    },
  },
}

export default docs
