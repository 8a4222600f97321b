import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import DataExport from '#models/data_export'
import PurgeExpiredExportsJob from '#jobs/purge_expired_exports_job'
import List from '#models/list'
import { downloadExport as download, exportReady as ready, readZip } from '#tests/support/exports'
import { assertError, countRows } from './helpers.js'

test.group('Engagement / export', () => {
  test('builds a ZIP (JSON + CSV) of everything the user owns, downloadable by the owner', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const [matrix, heat] = await MovieFactory.merge([{ title: 'The Matrix' }, { title: 'Heat' }]).createMany(2)
    await db.table('ratings').multiInsert([
      { user_id: alice.id, movie_id: matrix.id, rating: 4.5, review: 'Whoa, "really" good, =SUM(A1)' },
      { user_id: bob.id, movie_id: heat.id, rating: 1, review: "Bob's secret review" },
    ])
    await db.table('watchlist_items').insert({ user_id: alice.id, movie_id: heat.id })
    await db.table('favorites').insert({ user_id: alice.id, movie_id: matrix.id })
    await db.table('diary_entries').insert({ user_id: alice.id, movie_id: matrix.id, watched_on: '2025-01-02', rating: 4 })
    await db.table('comments').multiInsert([
      { user_id: alice.id, movie_id: heat.id, body: 'Great heist' },
      { user_id: alice.id, movie_id: heat.id, body: '=HYPERLINK("http://evil.example")' },
    ])
    const list = await List.create({ userId: alice.id, title: 'Nineties', privacy: 'private', ranked: true, shareToken: 'x' })
    await db.table('list_items').insert({ list_id: list.id, movie_id: matrix.id, position: 1, note: 'Top' })

    const response = await client.post('/api/v1/me/export').loginAs(alice)
    response.assertStatus(202)
    const exportId = response.body().export_id
    assert.isNumber(exportId)

    const status = await ready(client, alice, exportId)
    assert.equal(status.status, 'ready')
    assert.isAbove(status.size_bytes, 0)
    assert.match(status.download_url, new RegExp(`/api/v1/me/export/${exportId}/download$`))
    const expires = new Date(status.expires_at).getTime() - new Date(status.finished_at).getTime()
    assert.equal(Math.round(expires / 3_600_000), 24)

    const file = await download(client, new URL(status.download_url).pathname, alice)
    file.assertStatus(200)
    assert.equal(file.header('content-type'), 'application/zip')
    assert.match(file.header('content-disposition')!, /attachment; filename="marquee-export-/)
    const files = await readZip(file.body() as Buffer)
    for (const name of ['ratings', 'diary', 'watchlist', 'favorites', 'lists', 'comments', 'history', 'profile']) {
      assert.isTrue(files.has(`${name}.json`), `${name}.json`)
      assert.isTrue(files.has(`${name}.csv`), `${name}.csv`)
    }
    assert.isTrue(files.has('README.txt'))

    const ratings = JSON.parse(files.get('ratings.json')!)
    assert.deepEqual(
      ratings.map((r: { title: string; rating: number }) => [r.title, r.rating]),
      [['The Matrix', 4.5]]
    )
    assert.include(files.get('ratings.csv')!, '"Whoa, ""really"" good, =SUM(A1)"')
    // A cell a spreadsheet would run as a formula is defused.
    assert.include(files.get('comments.csv')!, `"'=HYPERLINK(""http://evil.example"")"`)
    assert.notInclude([...files.values()].join('\n'), "Bob's secret review")
    assert.deepEqual(JSON.parse(files.get('lists.json')!)[0].items.map((i: { title: string; note: string }) => [i.title, i.note]), [['The Matrix', 'Top']])
    assert.equal(JSON.parse(files.get('diary.json')!)[0].watched_on, '2025-01-02')
    assert.equal(JSON.parse(files.get('profile.json')!)[0].username, alice.username)
    assert.equal(files.get('watchlist.csv')!.split('\r\n')[0], 'movie_id,tmdb_id,imdb_id,title,year,added_at,watched,watched_at')
  }).timeout(30_000)

  test('the export also holds friends, pending requests, blocks, notifications and chat messages written', async ({ client, assert }) => {
    const [alice, bob, carol, dave] = await UserFactory.createMany(4)
    const movie = await MovieFactory.merge({ title: 'Heat' }).create()
    await db.table('friendships').insert({ user_low_id: Math.min(alice.id, bob.id), user_high_id: Math.max(alice.id, bob.id) })
    await db.table('friend_requests').insert({ from_user_id: alice.id, to_user_id: carol.id })
    await db.table('blocks').insert({ blocker_id: alice.id, blocked_id: dave.id })
    await db.table('notifications').insert({ user_id: alice.id, type: 'system_update', title: 'Hello', message: 'Welcome aboard' })
    await db.table('notifications').insert({ user_id: bob.id, type: 'system_update', title: 'Not yours', message: "Bob's notification" })
    const direct = await client.post('/api/v1/chat/rooms').loginAs(alice).json({ type: 'direct', user_id: bob.id })
    direct.assertStatus(201)
    const movieRoom = await client.post('/api/v1/chat/rooms').loginAs(alice).json({ type: 'movie', movie_id: movie.id })
    movieRoom.assertStatus(201)
    await client.post(`/api/v1/chat/rooms/${direct.body().id}/messages`).loginAs(alice).json({ body: 'Hi Bob' })
    await client.post(`/api/v1/chat/rooms/${direct.body().id}/messages`).loginAs(bob).json({ body: "Bob's private reply" })
    await client.post(`/api/v1/chat/rooms/${movieRoom.body().id}/messages`).loginAs(alice).json({ body: 'Best heist film' })

    const response = await client.post('/api/v1/me/export').loginAs(alice)
    response.assertStatus(202)
    const status = await ready(client, alice, response.body().export_id)
    const files = await readZip((await download(client, new URL(status.download_url).pathname, alice)).body() as Buffer)

    assert.deepEqual(JSON.parse(files.get('friends.json')!).map((row: { username: string }) => row.username), [bob.username])
    assert.deepEqual(
      JSON.parse(files.get('friend_requests.json')!).map((row: { direction: string; to_username: string }) => [row.direction, row.to_username]),
      [['sent', carol.username]]
    )
    assert.deepEqual(JSON.parse(files.get('blocks.json')!).map((row: { username: string }) => row.username), [dave.username])
    const notifications = JSON.parse(files.get('notifications.json')!).filter((row: { type: string }) => row.type === 'system_update')
    assert.deepEqual(notifications.map((row: { title: string }) => row.title), ['Hello'])
    assert.deepEqual(
      JSON.parse(files.get('chat_messages.json')!).map((row: { room_type: string; with_username: string | null; movie_title: string | null; body: string }) => [
        row.room_type,
        row.with_username,
        row.movie_title,
        row.body,
      ]),
      [
        ['direct', bob.username, null, 'Hi Bob'],
        ['movie', null, 'Heat', 'Best heist film'],
      ]
    )
    assert.equal(files.get('chat_messages.csv')!.split('\r\n')[0], 'id,room_id,room_type,movie_title,with_username,body,created_at')
    // Only what Alice wrote in chat (Bob's reply reached her as her own notification at most),
    // and nothing of Bob's inbox.
    assert.notInclude(files.get('chat_messages.csv')!, "Bob's private reply")
    assert.notInclude([...files.values()].join('\n'), "Bob's notification")
  }).timeout(30_000)

  test("another user can neither see nor download someone's export (404)", async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const exportId = (await client.post('/api/v1/me/export').loginAs(alice)).body().export_id
    await ready(client, alice, exportId)

    assertError(assert, await client.get(`/api/v1/me/export/${exportId}`).loginAs(bob), 404, 'E_NOT_FOUND')
    const stolen = await download(client, `/api/v1/me/export/${exportId}/download`, bob)
    stolen.assertStatus(404)
    assertError(assert, await client.get(`/api/v1/me/export/${exportId}/download`), 401, 'E_UNAUTHORIZED')
    assertError(assert, await client.post('/api/v1/me/export'), 401, 'E_UNAUTHORIZED')
    assertError(assert, await client.get('/api/v1/me/export/999999').loginAs(alice), 404, 'E_NOT_FOUND')
  }).timeout(30_000)

  test('after 24 hours the export expires: no link, 404 on download, file deleted', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const exportId = (await client.post('/api/v1/me/export').loginAs(user)).body().export_id
    await ready(client, user, exportId)
    const record = await DataExport.findOrFail(exportId)
    const fileKey = record.fileKey!
    assert.isTrue(await drive.use('private').exists(fileKey))
    // The private disk is not the publicly served one.
    const viaUploads = await download(client, `/uploads/${fileKey}`)
    assert.notEqual(viaUploads.status(), 200)

    await db.from('data_exports').where('id', exportId).update({ expires_at: new Date(Date.now() - 1000) })
    const status = await client.get(`/api/v1/me/export/${exportId}`).loginAs(user)
    assert.containSubset(status.body(), { status: 'expired', download_url: null })
    assertError(assert, await client.get(`/api/v1/me/export/${exportId}/download`).loginAs(user), 404, 'E_NOT_FOUND')
    assert.isFalse(await drive.use('private').exists(fileKey))
  }).timeout(30_000)

  test('the purge job deletes expired exports nobody came back for', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const exportId = (await client.post('/api/v1/me/export').loginAs(user)).body().export_id
    await ready(client, user, exportId)
    const { fileKey } = await DataExport.findOrFail(exportId)

    assert.deepEqual(await (await app.container.make(PurgeExpiredExportsJob)).handle(), { purged: 0 })
    await db.from('data_exports').where('id', exportId).update({ expires_at: new Date(Date.now() - 1000) })
    assert.deepEqual(await (await app.container.make(PurgeExpiredExportsJob)).handle(), { purged: 1 })

    const record = await DataExport.findOrFail(exportId)
    assert.equal(record.status, 'expired')
    assert.isNull(record.fileKey)
    assert.isFalse(await drive.use('private').exists(fileKey!))
  }).timeout(30_000)

  test('asking again while an export is pending returns that export', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const pending = await DataExport.create({ userId: user.id, status: 'queued' })
    const response = await client.post('/api/v1/me/export').loginAs(user)
    response.assertStatus(202)
    assert.deepEqual(response.body(), { export_id: pending.id, status: 'queued' })
    assert.equal(await countRows('data_exports'), 1)
    const early = await client.get(`/api/v1/me/export/${pending.id}/download`).loginAs(user)
    assertError(assert, early, 409, 'E_CONFLICT')
  })
})
