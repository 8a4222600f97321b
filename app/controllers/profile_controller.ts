import type { HttpContext } from '@adonisjs/core/http'
import { avatars } from '#services/profile/avatars'
import { profiles } from '#services/profile/profiles'
import UserTransformer from '#transformers/user_transformer'
import type User from '#models/user'
import { avatarValidator, updateProfileValidator } from '#validators/profile'

async function profileOf(user: User) {
  const { genres, stats } = await profiles.load(user)
  return UserTransformer.profile(user, genres, stats)
}

export default class ProfileController {
  async show(ctx: HttpContext) {
    return profileOf(ctx.auth.getUserOrFail())
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(updateProfileValidator)
    const user = await profiles.update(ctx.auth.getUserOrFail(), {
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
    return profileOf(user)
  }

  async updateAvatar(ctx: HttpContext) {
    const { avatar } = await ctx.request.validateUsing(avatarValidator)
    const user = ctx.auth.getUserOrFail()
    await avatars.replace(user, avatar)
    return profileOf(user)
  }

  async destroyAvatar(ctx: HttpContext) {
    await avatars.remove(ctx.auth.getUserOrFail())
    return ctx.response.noContent()
  }
}
