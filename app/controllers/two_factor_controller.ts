import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { clientInfo, signedIn } from '#controllers/auth_controller'
import TwoFactorService from '#services/auth/two_factor'
import TwoFactorLoginService from '#services/auth/two_factor_logins'
import ProfileService from '#services/profile/profiles'
import TwoFactorTransformer from '#transformers/two_factor_transformer'
import { disableTwoFactorValidator, enableTwoFactorValidator, verifyTwoFactorValidator } from '#validators/auth'

/** Two-factor sign-in (TOTP): setup, enable, disable, and the login's second step. */
@inject()
export default class TwoFactorController {
  constructor(
    protected twoFactor: TwoFactorService,
    protected twoFactorLogins: TwoFactorLoginService,
    protected profiles: ProfileService
  ) {}

  async setup(ctx: HttpContext) {
    return TwoFactorTransformer.setup(await this.twoFactor.setup(ctx.auth.getUserOrFail()))
  }

  async enable(ctx: HttpContext) {
    const { code } = await ctx.request.validateUsing(enableTwoFactorValidator)
    return TwoFactorTransformer.recoveryCodes(await this.twoFactor.enable(ctx.auth.getUserOrFail(), code))
  }

  async disable(ctx: HttpContext) {
    const { password, code } = await ctx.request.validateUsing(disableTwoFactorValidator)
    await this.twoFactor.disable(ctx.auth.getUserOrFail(), password, code, ctx.request.ip())
    return ctx.response.noContent()
  }

  /** The login response, with cookies when the login asked for `cookie: true`. */
  async verify(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(verifyTwoFactorValidator)
    const { user, tokens, cookie } = await this.twoFactorLogins.complete(input.two_factor_token, input.code, clientInfo(ctx))
    return signedIn(this.profiles, ctx, user, tokens, cookie)
  }
}
