import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import EmailVerificationService from '#services/auth/email_verifications'
import ProfileService from '#services/profile/profiles'
import UserTransformer from '#transformers/user_transformer'
import { verifyEmailValidator } from '#validators/auth'

@inject()
export default class EmailVerificationsController {
  constructor(
    protected profiles: ProfileService,
    protected emailVerifications: EmailVerificationService
  ) {}

  /** 200 with the profile (`email_verified: true`). */
  async verify(ctx: HttpContext) {
    const { code } = await ctx.request.validateUsing(verifyEmailValidator)
    const user = ctx.auth.getUserOrFail()
    await this.emailVerifications.verify(user, code, ctx.request.ip())
    return UserTransformer.profile(user, await this.profiles.load(user))
  }

  async resend(ctx: HttpContext) {
    await this.emailVerifications.resend(ctx.auth.getUserOrFail(), ctx.request.ip())
    return ctx.response.accepted({ message: 'A new verification code is on its way' })
  }
}
