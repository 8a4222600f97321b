import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import AccountService from '#services/auth/accounts'
import { authCookies } from '#services/auth/auth_cookies'
import PasswordResetService from '#services/auth/password_resets'
import {
  changePasswordValidator,
  forgotPasswordValidator,
  resetPasswordValidator,
  verifyResetCodeValidator,
} from '#validators/auth'

@inject()
export default class PasswordsController {
  constructor(
    protected accounts: AccountService,
    protected passwordResets: PasswordResetService
  ) {}

  /** 202 whether or not the address belongs to an account. */
  async forgot(ctx: HttpContext) {
    const { email } = await ctx.request.validateUsing(forgotPasswordValidator)
    return ctx.response.accepted(await this.passwordResets.forgot(email, ctx.request.ip()))
  }

  async verify(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(verifyResetCodeValidator)
    return this.passwordResets.verify(input.reset_token, input.otp_code, ctx.request.ip())
  }

  async reset(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(resetPasswordValidator)
    return this.passwordResets.reset(input.reset_token, input.new_password, ctx.request.ip())
  }

  async change(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(changePasswordValidator)
    const guard = ctx.auth.use('jwt')
    const tokens = await this.accounts.changePassword(
      guard.getUserOrFail(),
      guard.getSessionIdOrFail(),
      input.current_password,
      input.new_password,
      ctx.request.ip()
    )
    if (guard.viaCookie) authCookies.set(ctx, tokens)
    return tokens
  }
}
