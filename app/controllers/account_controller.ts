import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import AccountService from '#services/auth/accounts'
import { authCookies } from '#services/auth/auth_cookies'
import { isUsernameAvailable } from '#services/auth/availability'
import { deleteAccountValidator, usernameAvailableValidator } from '#validators/auth'
import AuthTransformer from '#transformers/auth_transformer'

@inject()
export default class AccountController {
  constructor(protected accounts: AccountService) {}

  async usernameAvailable(ctx: HttpContext) {
    const { username } = await ctx.request.validateUsing(usernameAvailableValidator, {
      data: ctx.request.qs(),
    })
    return AuthTransformer.usernameAvailability(await isUsernameAvailable(username))
  }

  async destroy(ctx: HttpContext) {
    const { password } = await ctx.request.validateUsing(deleteAccountValidator)
    await this.accounts.deleteAccount(ctx.auth.getUserOrFail(), password, ctx.request.ip())
    authCookies.clear(ctx)
    return ctx.response.noContent()
  }
}
