import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import AvatarService from '#services/profile/avatars'
import ProfileService from '#services/profile/profiles'
import UserTransformer from '#transformers/user_transformer'
import type User from '#models/user'
import { avatarValidator, updateProfileValidator } from '#validators/profile'

async function profileOf(profiles: ProfileService, user: User) {
  return UserTransformer.profile(user, await profiles.load(user))
}

@inject()
export default class ProfileController {
  constructor(
    protected profiles: ProfileService,
    protected avatars: AvatarService
  ) {}

  async show(ctx: HttpContext) {
    return profileOf(this.profiles, ctx.auth.getUserOrFail())
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(updateProfileValidator)
    const user = await this.profiles.update(ctx.auth.getUserOrFail(), {
      username: input.username,
      email: input.email,
      displayName: input.display_name,
      firstName: input.first_name,
      lastName: input.last_name,
      bio: input.bio,
      isPrivate: input.is_private,
      preferredLanguage: input.preferred_language,
      maturityFilter: input.maturity_filter,
      genreIds: input.genre_ids,
      birthDate: input.birth_date,
    })
    return profileOf(this.profiles, user)
  }

  async updateAvatar(ctx: HttpContext) {
    const { avatar } = await ctx.request.validateUsing(avatarValidator)
    const user = ctx.auth.getUserOrFail()
    await this.avatars.replace(user, avatar)
    return profileOf(this.profiles, user)
  }

  async destroyAvatar(ctx: HttpContext) {
    await this.avatars.remove(ctx.auth.getUserOrFail())
    return ctx.response.noContent()
  }
}
