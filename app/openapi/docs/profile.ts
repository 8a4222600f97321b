import type { DocsModule, Schema } from '#openapi/types'
import { avatarValidator, updateProfileValidator } from '#validators/profile'
import { boolean, dateTime, genreRef, integer, nullableString, object, string, url } from '#openapi/schemas'

/** The caller's own profile (UserTransformer.profile). */
export const profileSchema: Schema = object({
  id: integer,
  username: string,
  email: nullableString,
  email_verified: boolean,
  display_name: nullableString,
  first_name: nullableString,
  last_name: nullableString,
  bio: nullableString,
  avatar_url: url,
  birth_date: { ...nullableString, format: 'date' },
  is_private: boolean,
  role: { type: 'string', enum: ['user', 'moderator', 'admin'] },
  preferred_language: { ...string, examples: ['en', 'pt-BR'] },
  maturity_filter: {
    type: 'string',
    enum: ['all', 'teen', 'adult'],
    description: '`all` hides adult titles, `teen` also those certified above PG-13, `adult` shows them',
  },
  genres: { type: 'array', items: genreRef },
  two_factor_enabled: { ...boolean, description: 'Two-factor sign-in (TOTP) is on: sign-in needs a code' },
  created_at: dateTime,
  updated_at: dateTime,
  stats: object({ ratings: integer, reviews: integer, friends: integer, watchlist: integer, favorites: integer }),
})

const profile = { description: 'The profile', schema: profileSchema }

const docs: DocsModule = {
  tags: [{ name: 'Profile', description: "The caller's own account and profile" }],
  routes: {
    'api.me.show': {
      summary: 'My profile',
      description: 'Every profile field with favourite genres and activity counters.',
      tags: ['Profile'],
      auth: 'required',
      responses: { 200: profile },
      errors: [403],
    },
    'api.me.update': {
      summary: 'Update my profile',
      description:
        'Any subset of the fields; `null` clears the nullable ones and `genre_ids` replaces the favourite ' +
        'genres. A taken username or email is 409 naming the field; a new email must be verified again ' +
        '(a code is mailed). `maturity_filter: "adult"` needs a birth date of someone 18 or older.',
      tags: ['Profile'],
      auth: 'required',
      body: {
        validator: updateProfileValidator,
        fields: { birth_date: { type: ['string', 'null'], format: 'date' } },
        descriptions: {
          preferred_language: 'BCP 47 language tag (`en`, `pt-BR`)',
          genre_ids: 'Ids of existing genres (at most 20)',
        },
        example: { display_name: 'Alice L.', bio: 'Mostly noir.', maturity_filter: 'teen', genre_ids: [80, 53] },
      },
      responses: { 200: profile },
      errors: [403, 409],
    },
    'api.me.avatar.update': {
      summary: 'Upload my avatar',
      description:
        'Multipart field `avatar`: a JPEG, PNG or WebP image (recognised by its bytes, not its name) of at ' +
        'most 2 MB. Stored under a random name; the previous picture is deleted.',
      tags: ['Profile'],
      auth: 'required',
      bodyContentType: 'multipart/form-data',
      body: {
        validator: avatarValidator,
        fields: { avatar: { type: 'string', format: 'binary' } },
      },
      responses: { 200: profile },
      errors: [403],
    },
    'api.me.avatar.destroy': {
      summary: 'Remove my avatar',
      tags: ['Profile'],
      auth: 'required',
      responses: { 204: { description: 'Removed' } },
      errors: [403],
    },
  },
}

export default docs
