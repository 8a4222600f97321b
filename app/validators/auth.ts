import vine from '@vinejs/vine'
import { DateTime } from 'luxon'

/**
 * Letters, digits and underscores, 3–30 characters. `ml_<number>` is kept
 * for the accounts the MovieLens import creates.
 */
export const usernameRule = () =>
  vine
    .string()
    .trim()
    .minLength(3)
    .maxLength(30)
    .regex(/^[A-Za-z0-9_]+$/)
    .notIn(['me'])
    .use(notMovieLensName())

const notMovieLensName = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && /^ml_\d+$/i.test(value)) {
    field.report('The "ml_<number>" usernames are reserved', 'reserved', field)
  }
})

export const emailRule = () => vine.string().trim().maxLength(254).email()

/** Length only: at least 8 (the contract), at most 128 (scrypt input stays bounded). */
export const newPasswordRule = () => vine.string().minLength(8).maxLength(128)

/** YYYY-MM-DD, not in the future, as a Luxon date. */
export const birthDateRule = () =>
  vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrEqual('1900-01-01')
    .beforeOrEqual('today')
    .transform((date) => DateTime.fromJSDate(date).startOf('day'))

export const genreIdsRule = () =>
  vine.array(vine.number().withoutDecimals().positive().max(2_147_483_647)).maxLength(20).distinct()

const clientFields = {
  device_name: vine.string().trim().minLength(1).maxLength(100).optional(),
  platform: vine.enum(['web', 'mobile-app'] as const).optional(),
  cookie: vine.boolean().optional(),
}

export const registerValidator = vine.create({
  username: usernameRule(),
  email: emailRule(),
  password: newPasswordRule().confirmed(),
  display_name: vine.string().trim().minLength(1).maxLength(100).optional(),
  first_name: vine.string().trim().minLength(1).maxLength(100).optional(),
  last_name: vine.string().trim().minLength(1).maxLength(100).optional(),
  birth_date: birthDateRule().optional(),
  genre_ids: genreIdsRule().optional(),
  ...clientFields,
})

export const loginValidator = vine.create({
  login: vine.string().trim().minLength(1).maxLength(254),
  // Never trimmed: spaces can be part of a password.
  password: vine.string().minLength(1).maxLength(1024),
  ...clientFields,
})

/** The refresh token may come from the body or, in cookie mode, the cookie. */
export const refreshValidator = vine.create({
  refresh_token: vine.string().trim().minLength(1).maxLength(512).optional(),
})

export const forgotPasswordValidator = vine.create({
  email: emailRule(),
})

const otpCode = () => vine.string().trim().regex(/^\d{6}$/)
const resetToken = () => vine.string().trim().minLength(1).maxLength(128)

export const verifyResetCodeValidator = vine.create({
  reset_token: resetToken(),
  otp_code: otpCode(),
})

export const resetPasswordValidator = vine.create({
  reset_token: resetToken(),
  new_password: newPasswordRule(),
})

export const changePasswordValidator = vine.create({
  current_password: vine.string().minLength(1).maxLength(1024),
  new_password: newPasswordRule().notSameAs('current_password'),
})

export const deleteAccountValidator = vine.create({
  password: vine.string().minLength(1).maxLength(1024),
})

export const verifyEmailValidator = vine.create({
  code: otpCode(),
})

export const usernameAvailableValidator = vine.create({
  username: usernameRule(),
})

/**
 * A two-factor code: six digits from the authenticator app, or a recovery
 * code (`xxxxx-xxxxx`, case and dash optional).
 */
const twoFactorCode = () =>
  vine
    .string()
    .trim()
    .regex(/^(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/)

export const enableTwoFactorValidator = vine.create({
  code: vine.string().trim().regex(/^\d{6}$/),
})

export const disableTwoFactorValidator = vine.create({
  password: vine.string().minLength(1).maxLength(1024),
  code: twoFactorCode(),
})

export const verifyTwoFactorValidator = vine.create({
  two_factor_token: vine.string().trim().minLength(1).maxLength(128),
  code: twoFactorCode(),
})
