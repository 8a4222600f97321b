import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import { friendshipPair } from '#services/social/friendship_gate'
import { forgetModel, items, rate, trainedWorld, type Item } from '#tests/functional/recommendations/world'
import type User from '#models/user'

const MODELS = ['for_you', 'because_you_liked', 'popular_in_your_genres', 'friends_like'] as const
const LIKED = 3.5

/**
 * Checks one reason against the database: a named movie is one the user
 * rated >= 3.5, a named genre is one of the movie's genres and one the user
 * picked or liked a movie of, a named friend is a friend who rated the
 * movie >= 3.5.
 */
async function assertTruthful(assert: import('@japa/assert').Assert, user: User, item: Item, where: string) {
  const reason = item.reason
  const context = `${where}: ${item.movie.title} — "${reason.text}"`
  const likedIds = (await db.from('ratings').where('user_id', user.id).where('rating', '>=', LIKED).select('movie_id')).map(
    (row) => row.movie_id as number
  )
  if (reason.baseline_movie && (reason.type === 'similar_to_liked' || reason.type === 'liked_by_similar_users')) {
    assert.include(likedIds, reason.baseline_movie.id, context)
    assert.include(reason.text, reason.baseline_movie.title, context)
  }
  if (reason.type === 'similar_to_liked') assert.exists(reason.baseline_movie, context)
  if (reason.type === 'popular_in_genre') {
    const name = /^Popular in (.+)$/.exec(reason.text)?.[1]
    assert.exists(name, context)
    const genre = await db.from('genres').where('name', name!).select('id').first()
    assert.exists(genre, context)
    const ofMovie = await db.from('movie_genres').where({ movie_id: item.movie.id, genre_id: genre.id }).first()
    assert.exists(ofMovie, `${context}: not a genre of the movie`)
    const picked = await db.from('user_genres').where({ user_id: user.id, genre_id: genre.id }).first()
    const likedInGenre = await db
      .from('ratings')
      .join('movie_genres', 'movie_genres.movie_id', 'ratings.movie_id')
      .where({ 'ratings.user_id': user.id, 'movie_genres.genre_id': genre.id })
      .where('ratings.rating', '>=', LIKED)
      .first()
    assert.isTrue(Boolean(picked || likedInGenre), `${context}: the user neither picked nor liked this genre`)
  }
  if (reason.type === 'friends_liked') {
    const friendIds = (
      await db
        .from('friendships')
        .where('user_low_id', user.id)
        .select('user_high_id as id')
        .unionAll((query) => query.from('friendships').where('user_high_id', user.id).select('user_low_id as id'))
    ).map((row) => row.id as number)
    const fans = await db
      .from('ratings')
      .join('users', 'users.id', 'ratings.user_id')
      .whereIn('ratings.user_id', friendIds)
      .where({ 'ratings.movie_id': item.movie.id })
      .where('ratings.rating', '>=', LIKED)
      .select('users.username', 'users.display_name')
    const names = fans.map((row) => (row.display_name ?? row.username) as string)
    assert.isAbove(names.length, 0, `${context}: no friend liked it`)
    const named = names.filter((name) => reason.text.includes(name))
    assert.isAbove(named.length, 0, `${context}: names nobody who liked it`)
  }
}

test.group('Recommendations / reasons are true', (group) => {
  group.each.setup(() => forgetModel())
  group.teardown(() => forgetModel())

  test('every reason in every list names a movie or genre the user liked, or a friend who liked the movie', async ({
    client,
    assert,
  }) => {
    const { world, user } = await trainedWorld()
    // One like and one lukewarm 3: a rating, not a like, so it must never be given as the reason,
    // although it pulls its co-liked science fiction up a little.
    await rate(user, world.romance[0], 4.5, 3)
    await rate(user, world.scifi[1], 3, 2)
    // A friend from the science-fiction fans, and one who liked nothing.
    const silent = await UserFactory.create()
    for (const friend of [world.fans[0], silent]) await db.table('friendships').insert(friendshipPair(user.id, friend.id))

    let checked = 0
    for (const model of MODELS) {
      const response = await client.get('/api/v1/me/recommendations').qs({ model, limit: 50 }).loginAs(user)
      response.assertStatus(200)
      for (const item of items(response)) {
        await assertTruthful(assert, user, item, model)
        checked++
      }
    }
    assert.isAbove(checked, 10)
    // The friends list is there and names the friend who liked science fiction.
    const friends = await client.get('/api/v1/me/recommendations').qs({ model: 'friends_like' }).loginAs(user)
    assert.isTrue(items(friends).some((item) => item.reason.type === 'friends_liked'))
  })
})
