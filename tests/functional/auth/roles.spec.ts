import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import User from '#models/user'
import { UserFactory } from '#factories/user_factory'

async function userRole(...args: string[]) {
  // Raw mode keeps the command's log lines for assertions.
  ace.ui.switchMode('raw')
  const command = await ace.exec('user:role', args)
  return command
}

test.group('Auth / roles (node ace user:role)', () => {
  test('promotes and demotes an account by username', async ({ client, assert }) => {
    const user = await UserFactory.merge({ username: 'Promoted' }).create()
    const command = await userRole('promoted', 'moderator')
    command.assertSucceeded()
    assert.equal((await User.findOrFail(user.id)).role, 'moderator')
    command.assertLogMatches(/Promoted \(id \d+\): user → moderator/)

    const me = await client.get('/api/v1/me').loginAs(user)
    assert.equal(me.body().role, 'moderator')

    const admin = await userRole('Promoted', 'ADMIN')
    admin.assertSucceeded()
    assert.equal((await User.findOrFail(user.id)).role, 'admin')
  })

  test('an unknown role or username fails with a helpful message and changes nothing', async ({ assert }) => {
    const user = await UserFactory.merge({ username: 'steady' }).create()
    const badRole = await userRole('steady', 'overlord')
    badRole.assertFailed()
    badRole.assertLogMatches(/Unknown role "overlord"\. Use one of: user, moderator, admin/, 'stderr')

    const badUser = await userRole('nobody', 'admin')
    badUser.assertFailed()
    badUser.assertLogMatches(/No account with the username "nobody"\. Check the spelling/, 'stderr')
    assert.equal((await User.findOrFail(user.id)).role, 'user')
  })
})
