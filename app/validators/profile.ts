import vine from '@vinejs/vine'
import { AVATAR_MAX_BYTES } from '#services/profile/avatars'
import { birthDateRule, emailRule, genreIdsRule, usernameRule } from '#validators/auth'

const nullableName = () => vine.string().trim().minLength(1).maxLength(100).nullable().optional()

/** PATCH /me: every field optional; `null` clears the nullable ones. */
export const updateProfileValidator = vine.create({
  username: usernameRule().optional(),
  email: emailRule().optional(),
  display_name: nullableName(),
  first_name: nullableName(),
  last_name: nullableName(),
  bio: vine.string().trim().maxLength(1000).nullable().optional(),
  is_private: vine.boolean().optional(),
  preferred_language: vine
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/)
    .maxLength(10)
    .optional(),
  maturity_filter: vine.enum(['all', 'teen', 'adult'] as const).optional(),
  genre_ids: genreIdsRule().optional(),
  birth_date: birthDateRule().nullable().optional(),
})

/** Presence and size here; the image type is read from the bytes (AvatarService). */
export const avatarValidator = vine.create({
  avatar: vine.file({ size: AVATAR_MAX_BYTES }),
})
