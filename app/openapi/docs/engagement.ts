import type { DocsModule, RouteDoc, Schema, ValidatorDoc } from '#openapi/types'
import {
  boolean,
  dateTime,
  extend,
  integer,
  movieIdParam as movieId,
  movieIdSegmentParam as pathMovieId,
  movieSummary,
  noContent,
  nullable,
  object,
  page,
  pageDescriptions,
  pathParam,
  rating,
  ref,
  string,
  userSummary,
} from '#openapi/schemas'
import { listMyRatingsValidator, listReviewsValidator, upsertMovieRatingValidator } from '#validators/rating'
import { COMMENT_POLICIES } from '#models/comment'
import { createCommentValidator, listCommentsValidator, updateCommentValidator } from '#validators/comment'
import { createReportValidator } from '#validators/report'
import {
  createListValidator,
  listListsValidator,
  myListsValidator,
  showListValidator,
  updateListValidator,
  upsertListItemValidator,
} from '#validators/list'
import {
  historyValidator,
  listFavoritesValidator,
  listWatchlistValidator,
  updateWatchlistItemValidator,
} from '#validators/collection'
import {
  createDiaryEntryValidator,
  createEpisodeDiaryEntryValidator,
  listDiaryValidator,
  updateDiaryEntryValidator,
} from '#validators/diary'
import { createImportValidator } from '#validators/data_transfer'
import { episodeDiaryEntry, seriesFavoriteItem, seriesWatchlistItem } from '#openapi/docs/series'

/*
| Ratings, reviews, comments, reports, the caller's collections (watchlist,
| favourites, diary, history), custom lists, imports and exports.
*/

const movie = ref('MovieSummary')

const commentPolicyDescription =
  'Who may comment: `anyone` (default) who may see it, `friends` (the owner\'s friends and the owner) or `none` (the owner only)'
const commentPolicy: Schema = { type: 'string', enum: [...COMMENT_POLICIES], description: commentPolicyDescription }

const ratingResource = object({
  id: integer,
  movie_id: integer,
  rating,
  review: nullable(string),
  contains_spoilers: boolean,
  comment_policy: commentPolicy,
  created_at: dateTime,
  updated_at: dateTime,
  movie: object({ id: integer, average_rating: nullable({ type: 'number' }), rating_count: integer }),
})

const reviewFields = {
  id: { ...integer, description: 'The review id (its rating id)' },
  rating,
  body: string,
  contains_spoilers: boolean,
  likes: integer,
  liked: { ...boolean, description: 'Whether the caller liked it (only with a token)' },
  comment_policy: commentPolicy,
  created_at: dateTime,
  updated_at: dateTime,
}
const review = object({ ...reviewFields, user: userSummary }, ['liked'])
const myReview = object({ ...reviewFields, movie }, ['liked'])

const ratedMovie: Schema = extend(movieSummary, { user_rating: rating, rated_at: dateTime })

const comment = object({
  id: integer,
  user: { ...nullable(userSummary), description: 'null once deleted' },
  body: { ...string, description: '"[deleted]" for a deleted comment that still has replies' },
  parent_id: nullable(integer),
  movie_id: nullable(integer),
  list_id: nullable(integer),
  review_id: { ...nullable(integer), description: 'The review discussed (its id as GET /movies/:id/reviews gives it)' },
  created_at: dateTime,
  updated_at: dateTime,
  edited_at: nullable(dateTime),
  deleted: boolean,
  replies_count: integer,
  likes: integer,
  liked_by_me: { ...boolean, description: 'Whether the caller liked it; false without a token' },
})

const report = object({
  id: integer,
  target_type: { type: 'string', enum: ['review', 'comment', 'list'] },
  target_id: integer,
  reason: { type: 'string', enum: ['abuse', 'spoilers', 'spam', 'plagiarism', 'other'] },
  message: nullable(string),
  status: { type: 'string', enum: ['open', 'dismissed', 'actioned'] },
  created_at: dateTime,
})

const watchlistItem = object({ movie, added_at: dateTime, watched: boolean, watched_at: nullable(dateTime) })
const favorite = object({ movie, added_at: dateTime })
// Series items (issue 9) carry their summary under `movie` too (`movie.is_series: true`).
const mixedWatchlistItem: Schema = { anyOf: [watchlistItem, seriesWatchlistItem] }
const mixedFavorite: Schema = { anyOf: [favorite, seriesFavoriteItem] }
const titleKindDescription =
  '`movie` or `series`; both when absent (newest first, one pagination). Movie items keep their shape; a series ' +
  'item has the series summary under `series` and, for clients that render `item.movie`, under `movie` too — ' +
  '`movie.is_series` (true) tells them apart'
const diaryEntry = object({
  id: integer,
  movie,
  watched_on: { type: 'string', format: 'date' },
  rewatch: boolean,
  rating: nullable(rating),
  review: nullable(string),
  contains_spoilers: boolean,
  created_at: dateTime,
  updated_at: dateTime,
})
const mixedDiaryEntry: Schema = { anyOf: [diaryEntry, episodeDiaryEntry] }
const historyItem = object({ movie, viewed_at: dateTime, first_viewed_at: dateTime, view_count: integer })

export const listSummary = object(
  {
    id: integer,
    user: userSummary,
    title: string,
    description: nullable(string),
    privacy: { type: 'string', enum: ['private', 'link', 'friends', 'public'] },
    ranked: boolean,
    comment_policy: commentPolicy,
    items_count: integer,
    likes_count: integer,
    comments_count: integer,
    liked: { ...boolean, description: 'Whether the caller liked it (only with a token)' },
    share_token: { ...string, description: 'Only for the owner: opens a `link` list (`?share_token=`)' },
    created_at: dateTime,
    updated_at: dateTime,
  },
  ['liked', 'share_token']
)
const listItem = object({ movie, position: integer, note: nullable(string), added_at: dateTime, updated_at: dateTime })
const listDetail: Schema = extend(listSummary, { items: { type: 'array', items: listItem } })

const importResource = object({
  id: integer,
  source: { type: 'string', enum: ['letterboxd_diary', 'letterboxd_ratings', 'imdb_ratings'] },
  status: { type: 'string', enum: ['queued', 'processing', 'completed', 'failed'] },
  file_name: nullable(string),
  total_rows: nullable(integer),
  processed_rows: integer,
  progress: { ...integer, description: 'Percent of rows processed' },
  matched_rows: integer,
  unmatched_count: integer,
  added: object({ ratings: integer, diary_entries: integer, tags: integer }),
  skipped_existing: { ...integer, description: 'Matched rows whose data the user already had (never overwritten)' },
  unmatched_rows: {
    type: 'array',
    description: 'The first 500 rows that could not be imported',
    items: object({
      row: { ...integer, description: 'Row number in the file (the header is row 1)' },
      title: nullable(string),
      year: nullable(integer),
      imdb_id: nullable(string),
      reason: { type: 'string', enum: ['not_found', 'invalid_rating', 'invalid_date', 'missing_title'] },
    }),
  },
  error: nullable(string),
  created_at: dateTime,
  started_at: nullable(dateTime),
  finished_at: nullable(dateTime),
})

const exportResource = object({
  id: integer,
  status: { type: 'string', enum: ['queued', 'processing', 'ready', 'failed', 'expired'] },
  size_bytes: nullable(integer),
  download_url: { ...nullable(string), description: 'Owner-only download (bearer token), while ready' },
  error: nullable(string),
  created_at: dateTime,
  finished_at: nullable(dateTime),
  expires_at: { ...nullable(dateTime), description: '24 hours after it was built' },
})

const shareToken = { share_token: 'Opens a `link` list (its owner gets it as `share_token`)' }
const shareQuery: ValidatorDoc = { validator: showListValidator, descriptions: shareToken }
const commentsQuery: ValidatorDoc = {
  validator: listCommentsValidator,
  descriptions: { ...pageDescriptions, ...shareToken, sort: '`-created_at` (default; replies: `created_at`)' },
}
const listId = pathParam('id', 'List id')
const reportBody: ValidatorDoc = {
  validator: createReportValidator,
  descriptions: {
    message: 'Required for `other` and `plagiarism`',
    share_token: 'For a `link` list or its comments (may also come in the query string)',
  },
}
const watchedOn: Schema = { type: 'string', format: 'date', description: 'YYYY-MM-DD, not in the future' }

const route = (doc: RouteDoc) => doc

export default {
  tags: [
    { name: 'Ratings & reviews', description: 'Ratings (0.5–5.0, half steps), their review text, likes' },
    { name: 'Comments', description: 'Threaded comments on movies, lists and reviews, and their likes' },
    { name: 'Reports', description: 'Reports of reviews, comments and lists (the moderation queue)' },
    { name: 'Me: collections', description: "The caller's watchlist, favourites, diary and history" },
    { name: 'Lists', description: 'Custom lists: privacy, ranked items, likes' },
    { name: 'Me: data', description: 'Imports from Letterboxd and IMDb, and exports of everything' },
  ],
  routes: {
    'api.movies.rating.update': route({
      summary: 'Rate a movie',
      description:
        'Creates (201) or replaces (200) the caller\'s rating. `review` absent keeps the text, `null` removes it ' +
        '(and its comments). `comment_policy` absent keeps who may comment on the review. ' +
        "The movie's `average_rating` is right for the very next reader.",
      tags: ['Ratings & reviews'],
      auth: 'required',
      params: movieId,
      body: {
        validator: upsertMovieRatingValidator,
        descriptions: {
          rating: '0.5–5.0 in steps of 0.5',
          review: 'Review text; `null` removes it',
          comment_policy: `${commentPolicyDescription}; absent keeps it`,
        },
        example: { rating: 4.5, review: 'A masterpiece.', contains_spoilers: false },
      },
      responses: {
        200: { description: 'Rating replaced', schema: ratingResource },
        201: { description: 'Rating created', schema: ratingResource },
      },
      errors: [404],
    }),
    'api.movies.rating.destroy': route({
      summary: 'Remove your rating',
      description: 'Removes the rating and its review (404 when there is none).',
      tags: ['Ratings & reviews'],
      auth: 'required',
      params: movieId,
      responses: noContent,
      errors: [404],
    }),
    'api.movies.reviews.index': route({
      summary: "A movie's reviews",
      tags: ['Ratings & reviews'],
      auth: 'optional',
      params: movieId,
      query: { validator: listReviewsValidator, descriptions: { ...pageDescriptions, sort: 'Default `-created_at`' } },
      responses: { 200: { description: 'A page of reviews', schema: page(review) } },
      errors: [404],
    }),
    'api.me.ratings.index': route({
      summary: 'My ratings',
      description: 'Rated movies as MovieSummary + `user_rating`, `rated_at` (last change).',
      tags: ['Ratings & reviews'],
      auth: 'required',
      query: { validator: listMyRatingsValidator, descriptions: { ...pageDescriptions, sort: 'Default `-rated_at`' } },
      responses: { 200: { description: 'A page of rated movies', schema: page(ratedMovie) } },
    }),
    'api.me.reviews.index': route({
      summary: 'My reviews',
      tags: ['Ratings & reviews'],
      auth: 'required',
      query: { validator: listReviewsValidator, descriptions: { ...pageDescriptions, sort: 'Default `-created_at`' } },
      responses: { 200: { description: 'A page of reviews', schema: page(myReview) } },
    }),
    'api.reviews.like': route({
      summary: 'Like a review',
      description: 'Idempotent.',
      tags: ['Ratings & reviews'],
      auth: 'required',
      params: { id: { description: 'Review id' } },
      responses: noContent,
      errors: [404],
    }),
    'api.reviews.unlike': route({
      summary: 'Unlike a review',
      description: 'Idempotent.',
      tags: ['Ratings & reviews'],
      auth: 'required',
      params: { id: { description: 'Review id' } },
      responses: noContent,
      errors: [404],
    }),
    'api.reviews.comments.index': route({
      summary: "A review's comments",
      description:
        'The discussion of a movie review, threaded as movie comments: top-level comments with `replies_count`; ' +
        'replies come from GET /comments/:id/replies. 404 for a review the caller may not see (a hidden movie, ' +
        'a block either way with its author, a review a moderator hid).',
      tags: ['Comments', 'Ratings & reviews'],
      auth: 'optional',
      params: { id: { description: 'Review id (its rating id, as GET /movies/:id/reviews gives it)' } },
      query: { validator: listCommentsValidator, descriptions: { ...pageDescriptions, sort: '`-created_at` (default)' } },
      responses: { 200: { description: 'A page of comments', schema: page(comment) } },
      errors: [404],
    }),
    'api.reviews.comments.store': route({
      summary: 'Comment on a review',
      description:
        "As the review's `comment_policy` allows (403 otherwise): `anyone`, `friends` (the author's friends and " +
        'the author) or `none` (the author only). The review\'s author gets a `comment_reply` notification, as ' +
        'does the parent comment\'s author for a reply.',
      tags: ['Comments', 'Ratings & reviews'],
      auth: 'required',
      params: { id: { description: 'Review id (its rating id)' } },
      body: {
        validator: createCommentValidator,
        descriptions: { body: '1–2000 characters', parent_id: 'Reply to this comment of the same thread' },
      },
      responses: { 201: { description: 'The comment', schema: comment } },
      errors: [403, 404],
    }),
    'api.movies.comments.index': route({
      summary: "A movie's comments",
      description: 'Top-level comments with `replies_count`; replies come from GET /comments/:id/replies.',
      tags: ['Comments'],
      auth: 'optional',
      params: movieId,
      query: commentsQuery,
      responses: { 200: { description: 'A page of comments', schema: page(comment) } },
      errors: [404],
    }),
    'api.movies.comments.store': route({
      summary: 'Comment on a movie',
      tags: ['Comments'],
      auth: 'required',
      params: movieId,
      query: shareQuery,
      body: {
        validator: createCommentValidator,
        descriptions: { body: '1–2000 characters', parent_id: 'Reply to this comment of the same thread' },
      },
      responses: { 201: { description: 'The comment', schema: comment } },
      errors: [404],
    }),
    'api.comments.replies': route({
      summary: 'Replies to a comment',
      tags: ['Comments'],
      auth: 'optional',
      params: { id: { description: 'Comment id' } },
      query: commentsQuery,
      responses: { 200: { description: 'A page of replies', schema: page(comment) } },
      errors: [404],
    }),
    'api.comments.update': route({
      summary: 'Edit a comment',
      description: 'Only its author (moderators may delete, never edit).',
      tags: ['Comments'],
      auth: 'required',
      params: { id: { description: 'Comment id' } },
      query: shareQuery,
      body: { validator: updateCommentValidator, descriptions: { body: '1–2000 characters' } },
      responses: { 200: { description: 'The comment', schema: comment } },
      errors: [403, 404],
    }),
    'api.comments.destroy': route({
      summary: 'Delete a comment',
      description:
        'Its author or a moderator. A comment with replies stays as "[deleted]"; without replies it vanishes.',
      tags: ['Comments'],
      auth: 'required',
      params: { id: { description: 'Comment id' } },
      query: shareQuery,
      responses: noContent,
      errors: [403, 404],
    }),
    'api.comments.like': route({
      summary: 'Like a comment',
      description:
        'Idempotent. Any comment the caller may see (its own too); 404 for one they may not (deleted, hidden, ' +
        'on a hidden movie or a list they may not open, across a block).',
      tags: ['Comments'],
      auth: 'required',
      params: { id: { description: 'Comment id' } },
      query: shareQuery,
      responses: noContent,
      errors: [404],
    }),
    'api.comments.unlike': route({
      summary: 'Unlike a comment',
      description: 'Idempotent.',
      tags: ['Comments'],
      auth: 'required',
      params: { id: { description: 'Comment id' } },
      query: shareQuery,
      responses: noContent,
      errors: [404],
    }),
    'api.reviews.report': route({
      summary: 'Report a review',
      tags: ['Reports'],
      auth: 'required',
      params: { id: { description: 'Review id' } },
      body: reportBody,
      responses: { 201: { description: 'Queued for moderation', schema: report } },
      errors: [404, 409],
    }),
    'api.comments.report': route({
      summary: 'Report a comment',
      tags: ['Reports'],
      auth: 'required',
      params: { id: { description: 'Comment id' } },
      body: reportBody,
      responses: { 201: { description: 'Queued for moderation', schema: report } },
      errors: [404, 409],
    }),
    'api.lists.report': route({
      summary: 'Report a list',
      tags: ['Reports'],
      auth: 'required',
      params: listId,
      body: reportBody,
      responses: { 201: { description: 'Queued for moderation', schema: report } },
      errors: [404, 409],
    }),
    'api.me.watchlist.index': route({
      summary: 'My watchlist',
      description:
        'Movies and series (issue 9). Series items add `watched_episodes`, `aired_episodes` and `next_episode` ' +
        '(`season_number, episode_number, name, air_date`…, null when caught up).',
      tags: ['Me: collections'],
      auth: 'required',
      query: {
        validator: listWatchlistValidator,
        descriptions: {
          ...pageDescriptions,
          watched: 'Only watched (true) or unwatched (false)',
          sort: 'Default `-added_at`',
          type: titleKindDescription,
        },
      },
      responses: { 200: { description: 'A page of watchlist items', schema: page(mixedWatchlistItem) } },
    }),
    'api.me.watchlist.update': route({
      summary: 'Add to the watchlist',
      tags: ['Me: collections'],
      auth: 'required',
      params: pathMovieId,
      responses: {
        200: { description: 'Already there', schema: watchlistItem },
        201: { description: 'Added', schema: watchlistItem },
      },
      errors: [404],
    }),
    'api.me.watchlist.patch': route({
      summary: 'Mark watched / unwatched',
      tags: ['Me: collections'],
      auth: 'required',
      params: pathMovieId,
      body: { validator: updateWatchlistItemValidator },
      responses: { 200: { description: 'The item', schema: watchlistItem } },
      errors: [404],
    }),
    'api.me.watchlist.destroy': route({
      summary: 'Remove from the watchlist',
      tags: ['Me: collections'],
      auth: 'required',
      params: pathMovieId,
      responses: noContent,
      errors: [404],
    }),
    'api.me.favorites.index': route({
      summary: 'My favourites',
      description: 'Movies and series (issue 9); series are added with `PUT /me/favorites/series/:series_id`.',
      tags: ['Me: collections'],
      auth: 'required',
      query: {
        validator: listFavoritesValidator,
        descriptions: { ...pageDescriptions, sort: 'Default `-added_at`', type: titleKindDescription },
      },
      responses: { 200: { description: 'A page of favourites', schema: page(mixedFavorite) } },
    }),
    'api.me.favorites.update': route({
      summary: 'Add a favourite',
      tags: ['Me: collections'],
      auth: 'required',
      params: pathMovieId,
      responses: {
        200: { description: 'Already there', schema: favorite },
        201: { description: 'Added', schema: favorite },
      },
      errors: [404],
    }),
    'api.me.favorites.destroy': route({
      summary: 'Remove a favourite',
      tags: ['Me: collections'],
      auth: 'required',
      params: pathMovieId,
      responses: noContent,
      errors: [404],
    }),
    'api.me.diary.index': route({
      summary: 'My diary',
      description:
        'Newest viewing first; movies and (issue 9) episodes in one pagination. Movie entries keep their shape; an ' +
        'episode entry has `series` (also under `movie`, `is_series: true`) and `episode {id, season_number, ' +
        'episode_number, name}`. `movie_id` implies `type=movie`, `series_id` implies `type=series`.',
      tags: ['Me: collections'],
      auth: 'required',
      query: {
        validator: listDiaryValidator,
        descriptions: {
          ...pageDescriptions,
          year: 'Viewings of that year',
          type: '`movie` or `series` (episode entries); both when absent',
          series_id: "Only this show's episode entries",
        },
      },
      responses: { 200: { description: 'A page of entries', schema: page(mixedDiaryEntry) } },
    }),
    'api.me.diary.store': route({
      summary: 'Log a viewing',
      description:
        'A movie (`movie_id`) or an episode (`series_id, season_number, episode_number`); not both (422). Each ' +
        'viewing is its own entry. `rewatch` defaults to whether the title was logged before. An unknown ' +
        '`movie_id` is 422; an unknown series, season or episode is 404. Logging an episode marks it watched, ' +
        "so the show's next episode to watch moves on.",
      tags: ['Me: collections'],
      auth: 'required',
      body: [
        {
          validator: createDiaryEntryValidator,
          title: 'Movie',
          fields: { watched_on: watchedOn },
          example: { movie_id: 1, watched_on: '2025-03-01', rating: 4, review: 'Better on a big screen' },
        },
        {
          validator: createEpisodeDiaryEntryValidator,
          title: 'Episode',
          fields: { watched_on: watchedOn },
          example: { series_id: 1, season_number: 1, episode_number: 3, watched_on: '2025-03-02', rating: 4.5 },
        },
      ],
      responses: { 201: { description: 'The entry', schema: mixedDiaryEntry } },
      errors: [404],
    }),
    'api.me.diary.update': route({
      summary: 'Edit a diary entry',
      description: 'A movie or an episode entry (ids are unique across both).',
      tags: ['Me: collections'],
      auth: 'required',
      params: { id: { description: 'Diary entry id' } },
      body: { validator: updateDiaryEntryValidator, fields: { watched_on: watchedOn } },
      responses: { 200: { description: 'The entry', schema: mixedDiaryEntry } },
      errors: [404],
    }),
    'api.me.diary.destroy': route({
      summary: 'Delete a diary entry',
      tags: ['Me: collections'],
      auth: 'required',
      params: { id: { description: 'Diary entry id' } },
      responses: noContent,
      errors: [404],
    }),
    'api.me.history.index': route({
      summary: 'My history',
      description: 'Movies the caller opened (GET /movies/:id), newest first.',
      tags: ['Me: collections'],
      auth: 'required',
      query: { validator: historyValidator, descriptions: pageDescriptions },
      responses: { 200: { description: 'A page of opened movies', schema: page(historyItem) } },
    }),
    'api.lists.index': route({
      summary: 'Browse lists',
      description: 'Lists the caller may see: public ones, their own, and friends-only lists of friends.',
      tags: ['Lists'],
      auth: 'optional',
      query: {
        validator: listListsValidator,
        descriptions: { ...pageDescriptions, user_id: "One user's lists", sort: 'Default `-created_at`' },
      },
      responses: { 200: { description: 'A page of lists', schema: page(listSummary) } },
    }),
    'api.me.lists.index': route({
      summary: 'My lists',
      description: 'Every list of the caller, whatever its privacy.',
      tags: ['Lists'],
      auth: 'required',
      query: { validator: myListsValidator, descriptions: pageDescriptions },
      responses: { 200: { description: 'A page of lists', schema: page(listSummary) } },
    }),
    'api.lists.store': route({
      summary: 'Create a list',
      tags: ['Lists'],
      auth: 'required',
      body: {
        validator: createListValidator,
        descriptions: {
          privacy: '`link` lists are reachable only with their share token',
          comment_policy: `${commentPolicyDescription}`,
        },
        example: { title: 'Best of 1999', privacy: 'public', ranked: true },
      },
      responses: { 201: { description: 'The list', schema: listDetail } },
    }),
    'api.lists.show': route({
      summary: 'A list with its items',
      description: 'Others see it only as its privacy allows (404 otherwise).',
      tags: ['Lists'],
      auth: 'optional',
      params: listId,
      query: shareQuery,
      responses: { 200: { description: 'The list', schema: listDetail } },
      errors: [404],
    }),
    'api.lists.update': route({
      summary: 'Edit a list',
      tags: ['Lists'],
      auth: 'required',
      params: listId,
      query: shareQuery,
      body: { validator: updateListValidator, descriptions: { comment_policy: `${commentPolicyDescription}` } },
      responses: { 200: { description: 'The list', schema: listDetail } },
      errors: [403, 404],
    }),
    'api.lists.destroy': route({
      summary: 'Delete a list',
      tags: ['Lists'],
      auth: 'required',
      params: listId,
      query: shareQuery,
      responses: noContent,
      errors: [403, 404],
    }),
    'api.lists.items.update': route({
      summary: 'Add or update a list item',
      description:
        'Adds the movie (201) or updates its note/position (200). Positions are 1..n; a new item goes ' +
        'last unless `position` says otherwise, and the others shift.',
      tags: ['Lists'],
      auth: 'required',
      params: { ...listId, ...pathMovieId },
      query: shareQuery,
      body: { validator: upsertListItemValidator },
      responses: {
        200: { description: 'Updated', schema: listItem },
        201: { description: 'Added', schema: listItem },
      },
      errors: [403, 404],
    }),
    'api.lists.items.destroy': route({
      summary: 'Remove a list item',
      tags: ['Lists'],
      auth: 'required',
      params: { ...listId, ...pathMovieId },
      query: shareQuery,
      responses: noContent,
      errors: [403, 404],
    }),
    'api.lists.like': route({
      summary: 'Like a list',
      description: 'Idempotent.',
      tags: ['Lists'],
      auth: 'required',
      params: listId,
      query: shareQuery,
      responses: noContent,
      errors: [404],
    }),
    'api.lists.unlike': route({
      summary: 'Unlike a list',
      description: 'Idempotent.',
      tags: ['Lists'],
      auth: 'required',
      params: listId,
      query: shareQuery,
      responses: noContent,
      errors: [404],
    }),
    'api.lists.comments.index': route({
      summary: "A list's comments",
      tags: ['Comments', 'Lists'],
      auth: 'optional',
      params: listId,
      query: commentsQuery,
      responses: { 200: { description: 'A page of comments', schema: page(comment) } },
      errors: [404],
    }),
    'api.lists.comments.store': route({
      summary: 'Comment on a list',
      description: "As the list's `comment_policy` allows (403 otherwise).",
      tags: ['Comments', 'Lists'],
      auth: 'required',
      params: listId,
      query: shareQuery,
      body: { validator: createCommentValidator },
      responses: { 201: { description: 'The comment', schema: comment } },
      errors: [403, 404],
    }),
    'api.me.imports.store': route({
      summary: 'Import from Letterboxd or IMDb',
      description:
        'Upload `diary.csv` / `ratings.csv` (Letterboxd) or `ratings.csv` (IMDb). A queued job matches rows ' +
        '(IMDb id, then title + year), adds what is missing and never overwrites.',
      tags: ['Me: data'],
      auth: 'required',
      body: {
        validator: createImportValidator,
        fields: { file: { type: 'string', format: 'binary', description: 'The CSV export (<= 5 MB)' } },
      },
      bodyContentType: 'multipart/form-data',
      responses: {
        202: { description: 'Queued', schema: object({ import_id: integer, status: { type: 'string', enum: ['queued'] } }) },
      },
    }),
    'api.me.imports.show': route({
      summary: 'An import: progress and unmatched rows',
      tags: ['Me: data'],
      auth: 'required',
      params: { id: { description: 'Import id' } },
      responses: { 200: { description: 'The import', schema: importResource } },
      errors: [404],
    }),
    'api.me.export.store': route({
      summary: 'Export all my data',
      description: 'Queues a ZIP (JSON + CSV of every dataset); the pending export when one is under way.',
      tags: ['Me: data'],
      auth: 'required',
      responses: {
        202: { description: 'Queued', schema: object({ export_id: integer, status: { type: 'string', enum: ['queued', 'processing'] } }) },
      },
    }),
    'api.me.export.show': route({
      summary: 'An export: status and download link',
      tags: ['Me: data'],
      auth: 'required',
      params: { id: { description: 'Export id' } },
      responses: { 200: { description: 'The export', schema: exportResource } },
      errors: [404],
    }),
    'api.me.export.download': route({
      summary: 'Download an export',
      description: 'The ZIP, for its owner only, for 24 hours (404 after). 409 while it is being built.',
      tags: ['Me: data'],
      auth: 'required',
      params: { id: { description: 'Export id' } },
      responses: { 200: { description: 'The ZIP', schema: { type: 'string', format: 'binary' }, contentType: 'application/zip' } },
      errors: [404, 409],
    }),
  },
} satisfies DocsModule
