import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

interface DevAdminCredentials {
  username: string
  email: string
  password: string
}

export default class UserDevAdmin extends BaseCommand {
  static commandName = 'user:dev-admin'
  static description = 'Development only: make sure a local admin account exists and print its credentials'
  static help = [
    'Used by bin/dev.sh. The password is generated once and kept in tmp/dev-admin.json (never committed);',
    'the account is created, or its password and role put back, so the printed credentials always work.',
  ]
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Print the credentials as JSON (for scripts)' })
  declare json?: boolean

  async run() {
    if (this.app.inProduction) {
      this.exitCode = 1
      this.logger.error('user:dev-admin is for local development only (NODE_ENV=production).')
      return
    }
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const { default: User } = await import('#models/user')
    const { DateTime } = await import('luxon')
    const file = this.app.tmpPath('dev-admin.json')
    const credentials = await this.#credentials(file)

    const existing = await User.query().whereRaw('lower(username) = ?', [credentials.username]).first()
    const user = existing ?? new User()
    user.merge({
      username: credentials.username,
      email: existing?.email ?? credentials.email,
      password: credentials.password,
      role: 'admin',
      isPlaceholder: false,
      suspendedAt: null,
      emailVerifiedAt: existing?.emailVerifiedAt ?? DateTime.utc(),
    })
    if (!existing) {
      user.merge({ isPrivate: false, preferredLanguage: 'en', maturityFilter: 'all' })
    }
    await user.save()

    if (this.json) {
      console.log(JSON.stringify({ ...credentials, email: user.email }))
    } else {
      this.logger.success(
        `${existing ? 'Local admin account' : 'Created the local admin account'}: ${user.username} / ${credentials.password} (${user.email})`
      )
    }
    return { ...credentials, created: !existing }
  }

  async #credentials(file: string): Promise<DevAdminCredentials> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as DevAdminCredentials
    } catch {
      const credentials = {
        username: 'admin',
        email: 'admin@marquee.local',
        password: randomBytes(12).toString('base64url'),
      }
      await mkdir(dirname(file), { recursive: true })
      await writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 })
      return credentials
    }
  }
}
