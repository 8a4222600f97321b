import type { DocsModule, Schema } from '#openapi/types'
import {
  boolean,
  cursorPage,
  date,
  dateTime,
  extend,
  integer,
  list,
  movieSummary,
  nullable,
  number,
  object,
  page,
  paginationMeta,
  pathParam,
  ref,
  string,
  userSummary,
} from '#openapi/schemas'
import { seriesSummary } from '#openapi/docs/series'
import { NOTIFICATION_TYPES } from '#transformers/notification_transformer'
import { notificationSettingsValidator } from '#validators/notification_settings'
import {
  feedValidator,
  friendRequestsValidator,
  markNotificationsReadValidator,
  notificationsValidator,
  searchUsersValidator,
  socialPageValidator,
} from '#validators/social'

/*
| Social graph: users, friends, friend requests, blocks, the friends feed
| and notifications.
*/

const friend: Schema = extend(userSummary, { friends_since: dateTime })
const friendship: Schema = object({
  status: { enum: ['none', 'friends', 'outgoing', 'incoming'] },
  request_id: { ...nullable(integer), description: 'The pending request (outgoing / incoming)' },
  since: { ...nullable(dateTime), description: 'When the friendship began' },
})
const profile: Schema = extend(userSummary, { bio: nullable(string), is_private: boolean, friendship })
const friendRequest: Schema = object({ id: integer, from_user: userSummary, to_user: userSummary, created_at: dateTime })
const block: Schema = object({ user: userSummary, blocked_at: dateTime })
const ratedMovie: Schema = extend(movieSummary, {
  user_rating: { ...number, description: "The profile owner's rating" },
  rated_at: dateTime,
})
const feedItem: Schema = {
  ...object(
    {
      id: integer,
      type: { enum: ['rating', 'review', 'diary_entry', 'watchlist_add', 'list_created', 'friendship'] },
      created_at: dateTime,
      user: userSummary,
      movie: nullable(ref('MovieSummary')),
      rating: { ...number, description: 'type rating' },
      review: {
        ...object({ rating_id: integer, rating: number, body: string, contains_spoilers: boolean }),
        description: 'type review',
      },
      diary_entry: {
        ...object({ id: integer, watched_on: date, rewatch: boolean, rating: nullable(number) }),
        description: 'type diary_entry',
      },
      list: {
        ...object({ id: integer, title: string, description: nullable(string), privacy: { enum: ['friends', 'public'] } }),
        description: 'type list_created',
      },
      friend: { ...userSummary, description: 'type friendship: the new friend' },
      series: { ...seriesSummary, description: "type diary_entry of an episode: the show (with the caller's fields)" },
      episode: {
        ...object({ season_number: integer, episode_number: integer, name: nullable(string) }),
        description: 'type diary_entry of an episode: the episode logged',
      },
    },
    ['rating', 'review', 'diary_entry', 'list', 'friend', 'series', 'episode']
  ),
  description:
    'One friend activity. `movie` is set for rating, review, diary_entry and watchlist_add; the type-specific key ' +
    '(`rating`, `review`, `diary_entry`, `list`, `friend`) holds the details. A diary_entry of a TV episode ' +
    '(issue 9) has `movie: null` and carries `series` and `episode` instead.',
}
const feed: Schema = cursorPage(feedItem, 'Opaque; pass it as `before` for the next page (null at the end)')
const movieFriend: Schema = object({
  user: userSummary,
  rating: nullable(number),
  review: nullable(string),
  contains_spoilers: boolean,
  last_watched_on: { ...nullable(date), description: 'Latest diary entry' },
  in_watchlist: boolean,
})
const notification: Schema = object(
  {
    id: integer,
    type: { enum: [...NOTIFICATION_TYPES] },
    title: string,
    message: string,
    read: boolean,
    read_at: nullable(dateTime),
    created_at: dateTime,
    movie_id: nullable(integer),
    image: nullable(string),
    data: {
      type: 'object',
      description:
        'Event details: `{user: UserSummary, request_id}` for friend events; `{comment_id, parent_id, movie_id, list_id, ' +
        'user}` for `comment_reply` (a reply, or a comment on the recipient\'s review; review threads add `review_id`); `{movie_id, genres}` for `movie_added`; `{movie_id, changed, synced_at}` for ' +
        '`favorite_update`; `{movie_ids, week}` for `movie_recommendation`; `{broadcast_id}` for `system_update`; ' +
        '`{movie_id, provider_id, provider_name, region, arrival}` for `availability` (a watchlisted movie arrived on ' +
        'one of the caller\'s streaming services)',
    },
  },
  ['read_at', 'data']
)
const notificationChannels: Schema = object({
  in_app: { ...boolean, description: 'Stored in the inbox and pushed live (default true)' },
  email: { ...boolean, description: 'Listed in the daily email digest (default false; true for friend_request and availability)' },
})
/**
 * The PATCH body as the validator describes it, closed: it must let unknown
 * keys through to refuse them by name (422), which its JSON Schema shows as
 * `additionalProperties: true`; to a client they are simply not allowed.
 */
const notificationSettingsBody = {
  toJSONSchema() {
    const close = (schema: Record<string, unknown>): Record<string, unknown> => {
      const properties = schema.properties as Record<string, Record<string, unknown>> | undefined
      const closed: Record<string, unknown> = { ...schema }
      delete closed.additionalProperties
      if (properties) closed.properties = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, close(value)]))
      return closed
    }
    return close(notificationSettingsValidator.toJSONSchema() as Record<string, unknown>)
  },
}
/** Every notification type, from the same list as the settings themselves. */
const notificationSettings: Schema = object(Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, notificationChannels])))

const notificationPage: Schema = object({
  data: { type: 'array', items: notification },
  meta: extend(paginationMeta, { unread_count: integer }),
})

const userId = pathParam('id', 'User id')
const pageQuery = { validator: socialPageValidator }
const privacy =
  '403 when the account is private and the caller is not a friend (the owner always sees their own); 404 for an ' +
  'unknown user or one who blocked the caller.'

const docs: DocsModule = {
  tags: [
    { name: 'Users', description: 'Other users, their friends and ratings as their privacy allows' },
    { name: 'Friends', description: 'Friends, friend requests and blocks of the caller' },
    { name: 'Feed', description: "Friends' activity and notifications" },
  ],
  routes: {
    'api.users.index': {
      summary: 'Search users',
      description:
        'Case-insensitive substring match on username or display name; prefix matches come first. Never exposes ' +
        'email or private fields. Users who blocked the caller are left out. Limited like search (30/min).',
      tags: ['Users'],
      auth: 'required',
      query: { validator: searchUsersValidator, descriptions: { search: 'At least 2 characters' } },
      responses: { 200: { description: 'Matching users', schema: page(userSummary) } },
    },
    'api.users.show': {
      summary: 'A user profile',
      description: 'UserSummary + bio, is_private and the caller\'s friendship state. 404 when the user blocked the caller.',
      tags: ['Users'],
      auth: 'required',
      params: userId,
      responses: { 200: { description: 'The profile', schema: profile } },
      errors: [404],
    },
    'api.users.friends': {
      summary: "A user's friends",
      description: privacy,
      tags: ['Users'],
      auth: 'required',
      params: userId,
      query: pageQuery,
      responses: { 200: { description: 'Their friends, newest friendship first', schema: page(friend) } },
      errors: [403, 404],
    },
    'api.users.ratings': {
      summary: "A user's ratings",
      description: `MovieSummary + their \`user_rating\` and \`rated_at\`, newest first. ${privacy}`,
      tags: ['Users'],
      auth: 'required',
      params: userId,
      query: pageQuery,
      responses: { 200: { description: 'Rated movies', schema: page(ratedMovie) } },
      errors: [403, 404],
    },
    'api.users.friend_request': {
      summary: 'Send a friend request',
      description:
        '201 with the request; the recipient gets a `friend_request` notification (queued). 422 to oneself; 404 for ' +
        'an unknown user or when either blocked the other; 409 when already friends, when the same request is pending, ' +
        'and when the other user already sent the caller a request — that 409 carries `request_id` (and names it in ' +
        '`details`): accept it with `POST /me/friend-requests/{id}/accept`. Requests are never accepted implicitly.',
      tags: ['Users'],
      auth: 'required',
      params: userId,
      responses: { 201: { description: 'Request sent', schema: friendRequest } },
      errors: [404, 409, 422],
    },
    'api.movies.friends': {
      summary: 'Friends and this movie',
      description: 'The caller\'s friends who rated, reviewed, logged or watchlisted the movie, best rating first.',
      tags: ['Feed'],
      auth: 'required',
      params: { id: { description: 'Movie id' } },
      query: pageQuery,
      responses: { 200: { description: 'Friends with their rating', schema: page(movieFriend) } },
      errors: [404],
    },
    'api.me.friends.index': {
      summary: 'My friends',
      tags: ['Friends'],
      auth: 'required',
      query: pageQuery,
      responses: { 200: { description: 'UserSummary + friends_since, newest first', schema: page(friend) } },
    },
    'api.me.friends.destroy': {
      summary: 'Unfriend',
      tags: ['Friends'],
      auth: 'required',
      params: { user_id: { description: 'The friend' } },
      responses: { 204: { description: 'No longer friends' } },
      errors: [404],
    },
    'api.me.friend_requests.index': {
      summary: 'My friend requests',
      description: 'Pending requests; `direction` defaults to `incoming`.',
      tags: ['Friends'],
      auth: 'required',
      query: { validator: friendRequestsValidator },
      responses: { 200: { description: 'Pending requests, newest first', schema: page(friendRequest) } },
    },
    'api.me.friend_requests.accept': {
      summary: 'Accept a friend request',
      description:
        'Only the recipient (404 for anyone else). The pair becomes friends; the sender gets a `friend_accepted` ' +
        'notification (queued) and both friendships enter the feed.',
      tags: ['Friends'],
      auth: 'required',
      params: { id: { description: 'Friend request id' } },
      responses: { 200: { description: 'The new friend (UserSummary + friends_since)', schema: friend } },
      errors: [404],
    },
    'api.me.friend_requests.destroy': {
      summary: 'Decline or cancel a friend request',
      description: 'Declines an incoming or cancels an outgoing request; anyone else\'s request is a 404.',
      tags: ['Friends'],
      auth: 'required',
      params: { id: { description: 'Friend request id' } },
      responses: { 204: { description: 'Gone' } },
      errors: [404],
    },
    'api.me.blocks.index': {
      summary: 'Blocked users',
      tags: ['Friends'],
      auth: 'required',
      responses: {
        200: {
          description: 'Users the caller blocked, newest first',
          schema: list(block),
        },
      },
    },
    'api.me.blocks.update': {
      summary: 'Block a user',
      description:
        'Ends the friendship and pending requests both ways. The blocked user then gets 404 for the blocker\'s ' +
        'profile, lists and comments, does not find them in search or the feed, and cannot befriend them. ' +
        'Blocking oneself is 422.',
      tags: ['Friends'],
      auth: 'required',
      params: { user_id: { description: 'The user to block' } },
      responses: {
        200: { description: 'Already blocked', schema: block },
        201: { description: 'Blocked', schema: block },
      },
      errors: [404],
    },
    'api.me.blocks.destroy': {
      summary: 'Unblock a user',
      tags: ['Friends'],
      auth: 'required',
      params: { user_id: { description: 'The blocked user' } },
      responses: { 204: { description: 'Unblocked' } },
      errors: [404],
    },
    'api.me.feed': {
      summary: "Friends' activity",
      description:
        'Ratings, reviews, diary entries, watchlist adds, new public/friends lists and new friendships of the ' +
        "caller's friends, newest first. Cursor-paged: pass `next_cursor` as `before`.",
      tags: ['Feed'],
      auth: 'required',
      query: {
        validator: feedValidator,
        descriptions: { before: 'The `next_cursor` of the previous page', limit: 'Items per page, 1–100 (default 20)' },
      },
      responses: { 200: { description: 'One page of the feed', schema: feed } },
    },
    'api.me.notifications.index': {
      summary: 'My notifications',
      description: 'Newest first; `meta.unread_count` counts every unread notification.',
      tags: ['Feed'],
      auth: 'required',
      query: { validator: notificationsValidator, descriptions: { unread_only: 'Only unread ones' } },
      responses: { 200: { description: 'Notifications', schema: notificationPage } },
    },
    'api.me.notifications.read': {
      summary: 'Mark notifications read',
      description: '`{ids: [...]}` or `{all: true}`; ids of other users\' notifications are ignored.',
      tags: ['Feed'],
      auth: 'required',
      body: { validator: markNotificationsReadValidator, example: { ids: [1, 2] } },
      responses: {
        200: {
          description: 'How many were marked',
          schema: object({ updated: integer }),
        },
      },
    },
    'api.me.notifications.read_one': {
      summary: 'Mark one notification read',
      description: 'Marks it read (already read stays as it was) and returns it; 404 for an unknown id or another user\'s.',
      tags: ['Feed'],
      auth: 'required',
      params: { id: { description: 'Notification id' } },
      responses: { 200: { description: 'The notification', schema: notification } },
      errors: [404],
    },
    'api.me.notification_settings.show': {
      summary: 'My notification settings',
      description:
        'Every notification type with its two channels. `in_app`: stored in the inbox and pushed live; `email`: ' +
        'listed in the daily digest mail (at most one mail a day, UTC, to a verified address). Defaults: in_app on, ' +
        'email off, except `friend_request` and `availability` (email on).',
      tags: ['Feed'],
      auth: 'required',
      responses: { 200: { description: 'Every type with its channels', schema: notificationSettings } },
    },
    'api.me.notification_settings.update': {
      summary: 'Change notification settings',
      description:
        'A partial change: only the types and channels sent change. A type switched off in-app creates no ' +
        'notification (and pushes nothing) from then on. An unknown type or channel, or a value that is not a JSON ' +
        'boolean, is 422 naming the field (`friend_request.email`) and nothing changes. Answers with every type.',
      tags: ['Feed'],
      auth: 'required',
      body: {
        validator: notificationSettingsBody,
        example: { friend_request: { email: false }, chat_message: { in_app: false } },
      },
      responses: { 200: { description: 'Every type with its channels, after the change', schema: notificationSettings } },
    },
  },
}

export default docs
