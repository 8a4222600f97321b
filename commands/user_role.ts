import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class UserRole extends BaseCommand {
  static commandName = 'user:role'
  static description = 'Set the role of an account: user, moderator or admin'
  static help = [
    'Promotes or demotes an account by username (case-insensitive):',
    '  {{ binaryName }} user:role alice moderator',
    'Roles: user (default), moderator (curates the catalogue, moderates content), admin (also changes roles).',
    'The change applies to the very next request of that account.',
  ]
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Username of the account' })
  declare username: string

  @args.string({ description: 'New role: user, moderator or admin' })
  declare role: string

  async run() {
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const { default: RoleService, ROLES, UnknownUserError } = await import('#services/auth/roles')
    const roles = await this.app.container.make(RoleService)

    const role = this.role.trim().toLowerCase()
    if (!roles.isRole(role)) {
      this.logger.error(`Unknown role "${this.role}". Use one of: ${ROLES.join(', ')}.`)
      this.exitCode = 1
      return
    }

    this.logger.info(`Looking up "${this.username}"…`)
    try {
      const { user, previous } = await roles.setRole(this.username.trim(), role)
      if (previous === role) {
        this.logger.info(`${user.username} already has the role "${role}"; nothing changed.`)
      } else {
        this.logger.success(`${user.username} (id ${user.id}): ${previous} → ${role}`)
      }
    } catch (error) {
      this.exitCode = 1
      if (error instanceof UnknownUserError) {
        this.logger.error(`${error.message}. Check the spelling; placeholder MovieLens accounts cannot get roles.`)
        return
      }
      this.logger.error(`Could not change the role: ${(error as Error).message}`)
      this.error = error
    }
  }
}
