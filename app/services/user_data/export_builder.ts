import { PassThrough, type Readable } from 'node:stream'
import { ZipFile } from 'yazl'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { toCsv, type CsvValue } from '#services/user_data/csv'

type Row = Record<string, CsvValue>

interface Dataset {
  name: string
  description: string
  columns: string[]
  rows: Row[]
  /** Richer JSON than the flat CSV rows (lists with their items). */
  json?: unknown
}

const iso = (value: Date | string | null | undefined) =>
  value === null || value === undefined ? null : new Date(value).toISOString()
const day = (value: Date | string | null | undefined) =>
  value === null || value === undefined
    ? null
    : typeof value === 'string'
      ? value.slice(0, 10)
      : `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`
const num = (value: string | number | null | undefined) => (value === null || value === undefined ? null : Number(value))

const MOVIE_COLUMNS = ['movie_id', 'tmdb_id', 'imdb_id', 'title', 'year']
const movieSelect = ['movies.id as movie_id', 'movies.tmdb_id', 'movies.imdb_id', 'movies.title', 'movies.year']

/**
 * Everything a user owns, as one ZIP: for each dataset a JSON file and a
 * CSV file, plus a README. Built in memory per dataset (a user's data is
 * small next to the catalogue) and streamed out by yazl.
 */
export async function buildExportZip(user: User): Promise<Readable> {
  const datasets = await collect(user)
  const zip = new ZipFile()
  const now = new Date()
  const readme = [
    `Marquee data export for ${user.username}, created ${now.toISOString()}.`,
    '',
    'Each dataset comes as JSON (.json) and CSV (.csv, UTF-8, comma separated).',
    'Ratings are 0.5–5.0 in half steps; timestamps are UTC (ISO 8601).',
    '',
    ...datasets.map((dataset) => `${dataset.name}: ${dataset.description} (${dataset.rows.length} rows)`),
    '',
  ].join('\n')
  zip.addBuffer(Buffer.from(readme, 'utf8'), 'README.txt', { mtime: now })
  for (const dataset of datasets) {
    const json = JSON.stringify(dataset.json ?? dataset.rows, null, 2)
    zip.addBuffer(Buffer.from(json, 'utf8'), `${dataset.name}.json`, { mtime: now })
    zip.addBuffer(Buffer.from(toCsv(dataset.columns, dataset.rows), 'utf8'), `${dataset.name}.csv`, { mtime: now })
  }
  zip.end()
  // yazl hands out a classic stream; flydrive wants a Readable.
  return (zip.outputStream as unknown as Readable).pipe(new PassThrough())
}

async function collect(user: User): Promise<Dataset[]> {
  const userId = user.id
  const [ratings, diary, watchlist, favorites, lists, listItems, comments, history, reviewLikes, listLikes, tags, reports] =
    await Promise.all([
      db
        .from('ratings')
        .join('movies', 'movies.id', 'ratings.movie_id')
        .where('ratings.user_id', userId)
        .orderBy('ratings.created_at')
        .select(...movieSelect, 'ratings.id', 'ratings.rating', 'ratings.review', 'ratings.contains_spoilers', 'ratings.created_at', 'ratings.updated_at'),
      db
        .from('diary_entries')
        .join('movies', 'movies.id', 'diary_entries.movie_id')
        .where('diary_entries.user_id', userId)
        .orderBy('diary_entries.watched_on')
        .orderBy('diary_entries.id')
        .select(...movieSelect, 'diary_entries.id', 'diary_entries.watched_on', 'diary_entries.rewatch', 'diary_entries.rating', 'diary_entries.review', 'diary_entries.contains_spoilers', 'diary_entries.created_at'),
      db
        .from('watchlist_items')
        .join('movies', 'movies.id', 'watchlist_items.movie_id')
        .where('watchlist_items.user_id', userId)
        .orderBy('watchlist_items.created_at')
        .select(...movieSelect, 'watchlist_items.created_at', 'watchlist_items.watched', 'watchlist_items.watched_at'),
      db
        .from('favorites')
        .join('movies', 'movies.id', 'favorites.movie_id')
        .where('favorites.user_id', userId)
        .orderBy('favorites.created_at')
        .select(...movieSelect, 'favorites.created_at'),
      db.from('lists').where('user_id', userId).orderBy('created_at').select('*'),
      db
        .from('list_items')
        .join('lists', 'lists.id', 'list_items.list_id')
        .join('movies', 'movies.id', 'list_items.movie_id')
        .where('lists.user_id', userId)
        .orderBy('list_items.list_id')
        .orderBy('list_items.position')
        .select(...movieSelect, 'list_items.list_id', 'list_items.position', 'list_items.note', 'list_items.created_at'),
      db
        .from('comments')
        .leftJoin('movies', 'movies.id', 'comments.movie_id')
        .leftJoin('lists', 'lists.id', 'comments.list_id')
        .where('comments.user_id', userId)
        .whereNull('comments.deleted_at')
        .orderBy('comments.created_at')
        .select('comments.id', 'comments.movie_id', 'movies.title as movie_title', 'comments.list_id', 'lists.title as list_title', 'comments.rating_id as review_id', 'comments.parent_id', 'comments.body', 'comments.created_at', 'comments.edited_at'),
      db
        .from('view_history')
        .join('movies', 'movies.id', 'view_history.movie_id')
        .where('view_history.user_id', userId)
        .orderBy('view_history.last_viewed_at', 'desc')
        .select(...movieSelect, 'view_history.first_viewed_at', 'view_history.last_viewed_at', 'view_history.view_count'),
      db
        .from('review_likes')
        .join('ratings', 'ratings.id', 'review_likes.rating_id')
        .join('movies', 'movies.id', 'ratings.movie_id')
        .join('users', 'users.id', 'ratings.user_id')
        .where('review_likes.user_id', userId)
        .orderBy('review_likes.created_at')
        .select('review_likes.rating_id as review_id', 'movies.id as movie_id', 'movies.title', 'users.username as review_author', 'review_likes.created_at'),
      db
        .from('list_likes')
        .join('lists', 'lists.id', 'list_likes.list_id')
        .where('list_likes.user_id', userId)
        .orderBy('list_likes.created_at')
        .select('list_likes.list_id', 'lists.title as list_title', 'list_likes.created_at'),
      db
        .from('movie_tags')
        .join('movies', 'movies.id', 'movie_tags.movie_id')
        .where('movie_tags.user_id', userId)
        .orderBy('movie_tags.created_at')
        .select(...movieSelect, 'movie_tags.tag', 'movie_tags.created_at'),
      db
        .from('reports')
        .where('reporter_id', userId)
        .orderBy('created_at')
        .select('id', 'target_type', 'target_id', 'reason', 'message', 'status', 'created_at'),
    ])

  const [social, series, streaming] = await Promise.all([
    collectSocial(userId),
    collectSeries(userId),
    collectStreamingServices(userId),
  ])

  const movie = (row: Record<string, unknown>): Row => ({
    movie_id: row.movie_id as number,
    tmdb_id: row.tmdb_id as number | null,
    imdb_id: row.imdb_id as string | null,
    title: row.title as string,
    year: row.year as number | null,
  })

  const itemRows: Row[] = listItems.map((item) => ({
    list_id: item.list_id,
    position: item.position,
    ...movie(item),
    note: item.note,
    added_at: iso(item.created_at),
  }))
  const listRows: Row[] = lists.map((list) => ({
    id: list.id,
    title: list.title,
    description: list.description,
    privacy: list.privacy,
    ranked: list.ranked,
    created_at: iso(list.created_at),
    updated_at: iso(list.updated_at),
  }))

  return [
    {
      name: 'profile',
      description: 'your account',
      columns: ['id', 'username', 'email', 'display_name', 'first_name', 'last_name', 'bio', 'birth_date', 'is_private', 'role', 'preferred_language', 'maturity_filter', 'created_at'],
      rows: [
        {
          id: user.id,
          username: user.username,
          email: user.email,
          display_name: user.displayName,
          first_name: user.firstName,
          last_name: user.lastName,
          bio: user.bio,
          birth_date: user.birthDate?.toISODate() ?? null,
          is_private: user.isPrivate,
          role: user.role,
          preferred_language: user.preferredLanguage,
          maturity_filter: user.maturityFilter,
          created_at: user.createdAt.toUTC().toISO(),
        },
      ],
    },
    {
      name: 'ratings',
      description: 'your ratings and reviews',
      columns: [...MOVIE_COLUMNS, 'rating', 'review', 'contains_spoilers', 'rated_at', 'updated_at'],
      rows: ratings.map((row) => ({
        ...movie(row),
        rating: num(row.rating),
        review: row.review,
        contains_spoilers: row.contains_spoilers,
        rated_at: iso(row.created_at),
        updated_at: iso(row.updated_at),
      })),
    },
    {
      name: 'diary',
      description: 'your diary entries',
      columns: ['id', ...MOVIE_COLUMNS, 'watched_on', 'rewatch', 'rating', 'review', 'contains_spoilers', 'logged_at'],
      rows: diary.map((row) => ({
        id: row.id,
        ...movie(row),
        watched_on: day(row.watched_on),
        rewatch: row.rewatch,
        rating: num(row.rating),
        review: row.review,
        contains_spoilers: row.contains_spoilers,
        logged_at: iso(row.created_at),
      })),
    },
    {
      name: 'watchlist',
      description: 'your watchlist',
      columns: [...MOVIE_COLUMNS, 'added_at', 'watched', 'watched_at'],
      rows: watchlist.map((row) => ({ ...movie(row), added_at: iso(row.created_at), watched: row.watched, watched_at: iso(row.watched_at) })),
    },
    {
      name: 'favorites',
      description: 'your favourite movies',
      columns: [...MOVIE_COLUMNS, 'added_at'],
      rows: favorites.map((row) => ({ ...movie(row), added_at: iso(row.created_at) })),
    },
    {
      name: 'lists',
      description: 'your custom lists (lists.csv has one row per list item)',
      columns: ['list_id', 'position', ...MOVIE_COLUMNS, 'note', 'added_at'],
      rows: itemRows,
      json: listRows.map((list) => ({
        ...list,
        items: itemRows.filter((item) => item.list_id === list.id).map(({ list_id: _listId, ...item }) => item),
      })),
    },
    {
      name: 'comments',
      description: 'your comments on movies, lists and reviews (review_id: the review discussed)',
      columns: ['id', 'movie_id', 'movie_title', 'list_id', 'list_title', 'parent_id', 'body', 'created_at', 'edited_at'],
      rows: comments.map((row) => ({ ...row, created_at: iso(row.created_at), edited_at: iso(row.edited_at) })),
    },
    {
      name: 'history',
      description: 'movies you opened',
      columns: [...MOVIE_COLUMNS, 'first_viewed_at', 'last_viewed_at', 'view_count'],
      rows: history.map((row) => ({
        ...movie(row),
        first_viewed_at: iso(row.first_viewed_at),
        last_viewed_at: iso(row.last_viewed_at),
        view_count: row.view_count,
      })),
    },
    {
      name: 'review_likes',
      description: 'reviews you liked',
      columns: ['review_id', 'movie_id', 'title', 'review_author', 'liked_at'],
      rows: reviewLikes.map((row) => ({
        review_id: num(row.review_id),
        movie_id: row.movie_id,
        title: row.title,
        review_author: row.review_author,
        liked_at: iso(row.created_at),
      })),
    },
    {
      name: 'list_likes',
      description: 'lists you liked',
      columns: ['list_id', 'list_title', 'liked_at'],
      rows: listLikes.map((row) => ({ list_id: row.list_id, list_title: row.list_title, liked_at: iso(row.created_at) })),
    },
    {
      name: 'tags',
      description: 'your tags on movies',
      columns: [...MOVIE_COLUMNS, 'tag', 'created_at'],
      rows: tags.map((row) => ({ ...movie(row), tag: row.tag, created_at: iso(row.created_at) })),
    },
    {
      name: 'reports',
      description: 'content you reported',
      columns: ['id', 'target_type', 'target_id', 'reason', 'message', 'status', 'created_at'],
      rows: reports.map((row) => ({ ...row, target_id: num(row.target_id), created_at: iso(row.created_at) })),
    },
    ...social,
    ...series,
    streaming,
  ]
}

/** The streaming services of `/me/services`: one row per provider, with the region. */
async function collectStreamingServices(userId: number): Promise<Dataset> {
  const [settings, services] = await Promise.all([
    db.from('user_streaming_settings').where('user_id', userId).select('region').first(),
    db
      .from('user_streaming_services')
      .join('watch_providers', 'watch_providers.id', 'user_streaming_services.provider_id')
      .where('user_streaming_services.user_id', userId)
      .orderBy('watch_providers.id')
      .select('watch_providers.id as provider_id', 'watch_providers.name as provider_name'),
  ])
  return {
    name: 'streaming_services',
    description: 'the streaming services you subscribe to, and their region',
    columns: ['region', 'provider_id', 'provider_name'],
    rows: settings ? services.map((row) => ({ region: settings.region, ...row })) : [],
  }
}

const SERIES_COLUMNS = ['series_id', 'series_tmdb_id', 'series_name']
const seriesSelect = ['series.id as series_id', 'series.tmdb_id as series_tmdb_id', 'series.name as series_name']
const EPISODE_COLUMNS = [...SERIES_COLUMNS, 'season_number', 'episode_number', 'episode_name']
const episodeSelect = [...seriesSelect, 'episodes.season_number', 'episodes.episode_number', 'episodes.name as episode_name']

/** TV: series and episode ratings, the series watchlist and favourites, episodes logged and watched. */
async function collectSeries(userId: number): Promise<Dataset[]> {
  const [ratings, episodeRatings, watchlist, favorites, diary, watches] = await Promise.all([
    db
      .from('series_ratings')
      .join('series', 'series.id', 'series_ratings.series_id')
      .where('series_ratings.user_id', userId)
      .orderBy('series_ratings.created_at')
      .select(...seriesSelect, 'series_ratings.rating', 'series_ratings.review', 'series_ratings.contains_spoilers', 'series_ratings.created_at', 'series_ratings.updated_at'),
    db
      .from('episode_ratings')
      .join('episodes', 'episodes.id', 'episode_ratings.episode_id')
      .join('series', 'series.id', 'episode_ratings.series_id')
      .where('episode_ratings.user_id', userId)
      .orderBy('episode_ratings.created_at')
      .select(...episodeSelect, 'episode_ratings.rating', 'episode_ratings.created_at'),
    db
      .from('series_watchlist_items')
      .join('series', 'series.id', 'series_watchlist_items.series_id')
      .where('series_watchlist_items.user_id', userId)
      .orderBy('series_watchlist_items.created_at')
      .select(...seriesSelect, 'series_watchlist_items.created_at', 'series_watchlist_items.watched', 'series_watchlist_items.watched_at'),
    db
      .from('series_favorites')
      .join('series', 'series.id', 'series_favorites.series_id')
      .where('series_favorites.user_id', userId)
      .orderBy('series_favorites.created_at')
      .select(...seriesSelect, 'series_favorites.created_at'),
    db
      .from('episode_diary_entries')
      .join('episodes', 'episodes.id', 'episode_diary_entries.episode_id')
      .join('series', 'series.id', 'episode_diary_entries.series_id')
      .where('episode_diary_entries.user_id', userId)
      .orderBy('episode_diary_entries.watched_on')
      .orderBy('episode_diary_entries.id')
      .select(...episodeSelect, 'episode_diary_entries.id', 'episode_diary_entries.watched_on', 'episode_diary_entries.rewatch', 'episode_diary_entries.rating', 'episode_diary_entries.review', 'episode_diary_entries.contains_spoilers'),
    db
      .from('episode_watches')
      .join('episodes', 'episodes.id', 'episode_watches.episode_id')
      .join('series', 'series.id', 'episode_watches.series_id')
      .where('episode_watches.user_id', userId)
      .orderBy('episode_watches.watched_at')
      .select(...episodeSelect, 'episode_watches.watched_at'),
  ])
  const show = (row: Record<string, unknown>): Row => ({
    series_id: row.series_id as number,
    series_tmdb_id: row.series_tmdb_id as number | null,
    series_name: row.series_name as string,
  })
  const episode = (row: Record<string, unknown>): Row => ({
    ...show(row),
    season_number: row.season_number as number,
    episode_number: row.episode_number as number,
    episode_name: row.episode_name as string | null,
  })
  return [
    {
      name: 'series_ratings',
      description: 'your ratings and reviews of TV series',
      columns: [...SERIES_COLUMNS, 'rating', 'review', 'contains_spoilers', 'rated_at', 'updated_at'],
      rows: ratings.map((row) => ({
        ...show(row),
        rating: num(row.rating),
        review: row.review,
        contains_spoilers: row.contains_spoilers,
        rated_at: iso(row.created_at),
        updated_at: iso(row.updated_at),
      })),
    },
    {
      name: 'episode_ratings',
      description: 'your ratings of episodes',
      columns: [...EPISODE_COLUMNS, 'rating', 'rated_at'],
      rows: episodeRatings.map((row) => ({ ...episode(row), rating: num(row.rating), rated_at: iso(row.created_at) })),
    },
    {
      name: 'series_watchlist',
      description: 'TV series on your watchlist',
      columns: [...SERIES_COLUMNS, 'added_at', 'watched', 'watched_at'],
      rows: watchlist.map((row) => ({ ...show(row), added_at: iso(row.created_at), watched: row.watched, watched_at: iso(row.watched_at) })),
    },
    {
      name: 'series_favorites',
      description: 'your favourite TV series',
      columns: [...SERIES_COLUMNS, 'added_at'],
      rows: favorites.map((row) => ({ ...show(row), added_at: iso(row.created_at) })),
    },
    {
      name: 'episode_diary',
      description: 'episodes in your diary',
      columns: ['id', ...EPISODE_COLUMNS, 'watched_on', 'rewatch', 'rating', 'review', 'contains_spoilers'],
      rows: diary.map((row) => ({
        id: row.id,
        ...episode(row),
        watched_on: day(row.watched_on),
        rewatch: row.rewatch,
        rating: num(row.rating),
        review: row.review,
        contains_spoilers: row.contains_spoilers,
      })),
    },
    {
      name: 'episodes_watched',
      description: 'episodes you marked watched',
      columns: [...EPISODE_COLUMNS, 'watched_at'],
      rows: watches.map((row) => ({ ...episode(row), watched_at: iso(row.watched_at) })),
    },
  ]
}

/** Friends, requests, blocks, notifications and the chat messages the user wrote. */
async function collectSocial(userId: number): Promise<Dataset[]> {
  const [friends, requests, blocks, notifications, messages] = await Promise.all([
    db
      .from('friendships')
      .join('users', (join) =>
        join.on((on) =>
          on
            .on('users.id', 'friendships.user_high_id')
            .andOnVal('friendships.user_low_id', userId)
        ).orOn((on) => on.on('users.id', 'friendships.user_low_id').andOnVal('friendships.user_high_id', userId))
      )
      .orderBy('friendships.created_at')
      .select('users.id as user_id', 'users.username', 'friendships.created_at'),
    db
      .from('friend_requests')
      .join('users as sender', 'sender.id', 'friend_requests.from_user_id')
      .join('users as recipient', 'recipient.id', 'friend_requests.to_user_id')
      .where((query) => query.where('friend_requests.from_user_id', userId).orWhere('friend_requests.to_user_id', userId))
      .orderBy('friend_requests.created_at')
      .select('friend_requests.id', 'friend_requests.from_user_id', 'sender.username as from_username', 'recipient.username as to_username', 'friend_requests.created_at'),
    db
      .from('blocks')
      .join('users', 'users.id', 'blocks.blocked_id')
      .where('blocks.blocker_id', userId)
      .orderBy('blocks.created_at')
      .select('users.id as user_id', 'users.username', 'blocks.created_at'),
    db
      .from('notifications')
      .where('user_id', userId)
      .orderBy('created_at')
      .orderBy('id')
      .select('id', 'type', 'title', 'message', 'movie_id', 'read_at', 'created_at'),
    db
      .from('chat_messages')
      .join('chat_rooms', 'chat_rooms.id', 'chat_messages.room_id')
      .leftJoin('movies', 'movies.id', 'chat_rooms.movie_id')
      .leftJoin('users as other', (join) =>
        join
          .on('other.id', 'chat_rooms.user_low_id')
          .orOn('other.id', 'chat_rooms.user_high_id')
      )
      .where('chat_messages.user_id', userId)
      .where((query) => query.whereNull('other.id').orWhereNot('other.id', userId))
      .orderBy('chat_messages.id')
      .select('chat_messages.id', 'chat_messages.room_id', 'chat_rooms.type as room_type', 'movies.title as movie_title', 'other.username as with_username', 'chat_messages.body', 'chat_messages.created_at'),
  ])
  return [
    {
      name: 'friends',
      description: 'your friends',
      columns: ['user_id', 'username', 'friends_since'],
      rows: friends.map((row) => ({ user_id: row.user_id, username: row.username, friends_since: iso(row.created_at) })),
    },
    {
      name: 'friend_requests',
      description: 'pending friend requests you sent or received',
      columns: ['id', 'direction', 'from_username', 'to_username', 'created_at'],
      rows: requests.map((row) => ({
        id: row.id,
        direction: row.from_user_id === userId ? 'sent' : 'received',
        from_username: row.from_username,
        to_username: row.to_username,
        created_at: iso(row.created_at),
      })),
    },
    {
      name: 'blocks',
      description: 'users you blocked',
      columns: ['user_id', 'username', 'blocked_at'],
      rows: blocks.map((row) => ({ user_id: row.user_id, username: row.username, blocked_at: iso(row.created_at) })),
    },
    {
      name: 'notifications',
      description: 'your notifications',
      columns: ['id', 'type', 'title', 'message', 'movie_id', 'read_at', 'created_at'],
      rows: notifications.map((row) => ({ ...row, id: num(row.id), read_at: iso(row.read_at), created_at: iso(row.created_at) })),
    },
    {
      name: 'chat_messages',
      description: 'chat messages you wrote',
      columns: ['id', 'room_id', 'room_type', 'movie_title', 'with_username', 'body', 'created_at'],
      rows: messages.map((row) => ({ ...row, id: num(row.id), created_at: iso(row.created_at) })),
    },
  ]
}
