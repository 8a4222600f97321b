import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import User from '#models/user'
import { UserFactory } from '#factories/user_factory'
import env from '#start/env'

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082',
  'hex'
)
const JPEG = Buffer.concat([
  Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  Buffer.alloc(64),
  Buffer.from('ffd9', 'hex'),
])
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x24, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(32),
])

test.group('Me / avatar', (group) => {
  group.each.teardown(async () => {
    // Files written by the test (the tables are emptied separately).
    for (const user of await User.all()) {
      if (user.avatarPath) await drive.use().delete(user.avatarPath)
    }
  })

  test('uploads a PNG under a random name and serves it', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client
      .put('/api/v1/me/avatar')
      .loginAs(user)
      .file('avatar', PNG, { filename: 'my holiday photo.png' })
    response.assertStatus(200)

    const saved = await User.findOrFail(user.id)
    assert.match(saved.avatarPath!, /^avatars\/[0-9a-f-]{36}\.png$/)
    assert.notInclude(saved.avatarPath!, 'holiday')
    assert.equal(response.body().avatar_url, `${env.get('APP_URL')}/uploads/${saved.avatarPath}`)
    assert.isTrue(await drive.use().exists(saved.avatarPath!))
    assert.deepEqual(Buffer.from(await drive.use().getBytes(saved.avatarPath!)), PNG)

    const served = await client.get(`/uploads/${saved.avatarPath}`)
    served.assertStatus(200)
  })

  test('JPEG and WebP are recognised by their bytes, whatever the file name', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const jpeg = await client.put('/api/v1/me/avatar').loginAs(user).file('avatar', JPEG, { filename: 'photo.txt' })
    jpeg.assertStatus(200)
    const first = (await User.findOrFail(user.id)).avatarPath!
    assert.match(first, /\.jpg$/)

    const webp = await client.put('/api/v1/me/avatar').loginAs(user).file('avatar', WEBP, { filename: 'photo' })
    webp.assertStatus(200)
    const second = (await User.findOrFail(user.id)).avatarPath!
    assert.match(second, /\.webp$/)
    // The replaced file is gone.
    assert.isFalse(await drive.use().exists(first))
    assert.isTrue(await drive.use().exists(second))
  })

  test('other types, files over 2 MB and a missing file are 422; nothing is stored', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const cases: [Buffer | null, string, string][] = [
      [Buffer.from('<?php echo "hi"; ?>'), 'evil.png', 'file.type'],
      [Buffer.from('GIF89a' + 'x'.repeat(40)), 'anim.gif', 'file.type'],
      [Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]), 'huge.png', 'file.size'],
      [null, '', 'required'],
    ]
    for (const [content, filename, rule] of cases) {
      const request = client.put('/api/v1/me/avatar').loginAs(user)
      if (content) request.file('avatar', content, { filename })
      else request.field('nothing', 'here')
      const response = await request
      response.assertStatus(422)
      assert.equal(response.body().error.code, 'E_VALIDATION')
      assert.equal(response.body().error.details[0].field, 'avatar')
      assert.equal(response.body().error.details[0].rule, rule, filename)
    }
    assert.isNull((await User.findOrFail(user.id)).avatarPath)
    const stored = await drive.use().listAll('avatars')
    const names = [...stored.objects].map((object) => object.name)
    assert.lengthOf(names, 0)
  })

  test('DELETE /me/avatar removes the picture', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await client.put('/api/v1/me/avatar').loginAs(user).file('avatar', PNG, { filename: 'a.png' })
    const key = (await User.findOrFail(user.id)).avatarPath!

    const response = await client.delete('/api/v1/me/avatar').loginAs(user)
    response.assertStatus(204)
    assert.isNull((await User.findOrFail(user.id)).avatarPath)
    assert.isFalse(await drive.use().exists(key))
    const me = await client.get('/api/v1/me').loginAs(user)
    assert.isNull(me.body().avatar_url)
  })
})
