import type { DocsModule, Schema } from '#openapi/types'
import {
  changePasswordValidator,
  deleteAccountValidator,
  disableTwoFactorValidator,
  enableTwoFactorValidator,
  forgotPasswordValidator,
  loginValidator,
  refreshValidator,
  registerValidator,
  resetPasswordValidator,
  usernameAvailableValidator,
  verifyEmailValidator,
  verifyResetCodeValidator,
  verifyTwoFactorValidator,
} from '#validators/auth'
import { profileSchema } from '#openapi/docs/profile'
import { boolean, dateTime, integer, list, message, nullableString, object, string } from '#openapi/schemas'

const tokenFields: Record<string, Schema> = {
  access_token: { ...string, description: 'JWT (HS256), 15 minutes; claims sub, sid, type "access", iat, exp' },
  refresh_token: { ...string, description: 'Opaque, 30 days, single use (rotated by /auth/refresh)' },
  expires_in: { ...integer, description: 'Seconds until the access token expires (900)' },
}

const tokenPair: Schema = object(tokenFields)

const signedIn: Schema = { ...object({ user: profileSchema, ...tokenFields }), title: 'Signed in' }

/** POST /auth/login of an account with two-factor sign-in on (TwoFactorTransformer.challenge). */
const twoFactorChallenge: Schema = {
  ...object({
    two_factor_required: { const: true },
    two_factor_token: {
      ...string,
      description: 'Opaque, single use, 5 minutes, dead after 5 wrong codes; send it to POST /auth/2fa/verify',
    },
    expires_in: { ...integer, description: 'Seconds the two_factor_token stays valid (300)' },
  }),
  title: 'Two-factor code required',
}

const twoFactorCodeNote =
  '`code` is a 6-digit TOTP code (RFC 6238: SHA1, 30-second steps, one step either side accepted) or one ' +
  'of the recovery codes (`xxxxx-xxxxx`, case and dash optional). Every accepted code is used up: a TOTP ' +
  'code of a time step already used (or an earlier one) and a used recovery code are refused.'

const session: Schema = object({
  id: integer,
  device_name: nullableString,
  platform: { type: ['string', 'null'], enum: ['web', 'mobile-app', null] },
  ip_address: nullableString,
  status: { type: 'string', enum: ['active', 'revoked', 'expired'] },
  session_start: dateTime,
  last_seen_at: dateTime,
  current: { ...boolean, description: 'The session of the token making this request' },
})

const clientDescriptions = {
  device_name: 'Shown in the session list (for example "Firefox on Linux")',
  platform: '`web` or `mobile-app`',
  cookie:
    'Also set HttpOnly `access_token` / `refresh_token` cookies and a readable `csrf_token` cookie; ' +
    'writes authenticated by cookie must send `X-CSRF-Token` equal to it',
}

const codeNote =
  'A wrong code is 422 `E_OTP_INVALID` with `attempts_left`, an expired one 422 `E_OTP_EXPIRED`, ' +
  'the sixth try 403 `E_OTP_LOCKED`. Wrong codes count towards the sign-in lockout.'

const blocklistNote =
  '10 failed logins or one-time-code attempts against one account from one IP within 15 minutes block ' +
  'that account from that IP, and 100 from one IP across accounts block the IP, each for 15 minutes ' +
  '(403 `E_IP_BLOCKED` with `Retry-After`; the failure that reaches a limit still answers 401). The IP ' +
  'is taken from `X-Forwarded-For` only when the direct peer is a configured trusted proxy.'

const credentialRoute =
  'Public (a token sent along, even an expired one, is ignored). ' + blocklistNote

const docs: DocsModule = {
  tags: [{ name: 'Auth', description: 'Accounts, sign-in, tokens, sessions, passwords and email verification' }],
  routes: {
    'api.auth.register': {
      summary: 'Create an account',
      description:
        'Signs the new account in at once and mails a 6-digit email verification code. A taken username ' +
        'or email is 409 naming the field. ' +
        credentialRoute,
      tags: ['Auth'],
      auth: 'optional',
      body: {
        validator: registerValidator,
        fields: { birth_date: { type: 'string', format: 'date' } },
        descriptions: {
          username: '3–30 letters, digits or underscores; unique regardless of case',
          password: 'At least 8 characters',
          genre_ids: 'Favourite genres (onboarding)',
          ...clientDescriptions,
        },
        example: {
          username: 'alice',
          email: 'alice@example.com',
          password: 'correct-horse-battery',
          password_confirmation: 'correct-horse-battery',
          display_name: 'Alice',
          genre_ids: [18, 35],
        },
      },
      responses: { 201: { description: 'Created and signed in', schema: signedIn } },
      errors: [403, 409],
    },
    'api.auth.login': {
      summary: 'Sign in',
      description:
        'By username or email. Suspended accounts get 403 `E_ACCOUNT_SUSPENDED`; a wrong password, an ' +
        'unknown login and a placeholder account all get 401 `E_INVALID_CREDENTIALS`. For an account ' +
        'with two-factor sign-in on, the right password answers 200 `{two_factor_required: true, ' +
        'two_factor_token, expires_in}` with no tokens and no cookies: POST /auth/2fa/verify with a code ' +
        'completes the sign-in (with this request\'s `device_name`, `platform` and `cookie`). ' +
        credentialRoute,
      tags: ['Auth'],
      auth: 'optional',
      body: {
        validator: loginValidator,
        descriptions: { login: 'Username or email', ...clientDescriptions },
        example: { login: 'alice', password: 'correct-horse-battery', device_name: 'Pixel 9', platform: 'mobile-app' },
      },
      responses: {
        200: {
          description: 'Signed in (and cookies set with `cookie: true`), or a two-factor code is required',
          schema: { oneOf: [signedIn, twoFactorChallenge] },
        },
      },
      errors: [403],
    },
    'api.auth.refresh': {
      summary: 'Rotate the token pair',
      description:
        'Takes `refresh_token` from the body or, in cookie mode, the cookie (then with `X-CSRF-Token`). ' +
        'The old refresh token dies; presenting a dead one again revokes its whole session. An expired ' +
        'refresh token is 401 `E_TOKEN_EXPIRED`.',
      tags: ['Auth'],
      auth: 'optional',
      body: { validator: refreshValidator, descriptions: { refresh_token: 'Optional in cookie mode' } },
      responses: { 200: { description: 'A new pair', schema: tokenPair } },
      errors: [401, 403],
    },
    'api.auth.logout': {
      summary: 'Sign out',
      description: "Ends the token's session at once (its access and refresh tokens) and clears auth cookies.",
      tags: ['Auth'],
      auth: 'required',
      responses: { 204: { description: 'Signed out' } },
      errors: [403],
    },
    'api.auth.sessions.index': {
      summary: 'My login sessions',
      description: 'Newest activity first, active and ended ones.',
      tags: ['Auth'],
      auth: 'required',
      responses: {
        200: {
          description: 'The sessions',
          schema: list(session),
        },
      },
      errors: [403],
    },
    'api.auth.sessions.destroy': {
      summary: 'End one of my sessions',
      description: "Its tokens are refused from the next request on. Another user's session is a 404.",
      tags: ['Auth'],
      auth: 'required',
      params: { id: { description: 'Session id' } },
      responses: { 204: { description: 'Ended' } },
      errors: [403, 404],
    },
    'api.auth.password.forgot': {
      summary: 'Ask for a password reset code',
      description:
        'Always 202 with a `reset_token`, whether or not the address has an account (no enumeration). A ' +
        '6-digit code is mailed; it expires after 10 minutes and only works from the requesting IP. ' +
        credentialRoute,
      tags: ['Auth'],
      auth: 'optional',
      body: { validator: forgotPasswordValidator, example: { email: 'alice@example.com' } },
      responses: {
        202: {
          description: 'Reset started',
          schema: object({ reset_token: string, expires_in: { ...integer, description: 'Seconds (600)' } }),
        },
      },
      errors: [403],
    },
    'api.auth.password.verify': {
      summary: 'Check the mailed reset code',
      description: 'Must succeed before the reset. ' + codeNote + ' ' + credentialRoute,
      tags: ['Auth'],
      auth: 'optional',
      body: { validator: verifyResetCodeValidator, example: { reset_token: '…', otp_code: '042917' } },
      responses: {
        200: {
          description: 'Verified; reset within 10 minutes',
          schema: object({ verified: { const: true }, expires_in: integer }),
        },
      },
      errors: [403],
    },
    'api.auth.password.reset': {
      summary: 'Set a new password',
      description:
        'After a successful verify. Ends every session of the account and every other pending reset. ' +
        credentialRoute,
      tags: ['Auth'],
      auth: 'optional',
      body: {
        validator: resetPasswordValidator,
        descriptions: { new_password: 'At least 8 characters' },
      },
      responses: { 200: { description: 'Password changed', schema: message } },
      errors: [403],
    },
    'api.auth.password.change': {
      summary: 'Change my password',
      description:
        'Ends every other session; this one continues with the returned tokens. A wrong current password ' +
        'is 422 naming `current_password`.',
      tags: ['Auth'],
      auth: 'required',
      body: { validator: changePasswordValidator },
      responses: { 200: { description: 'Changed; new tokens for this session', schema: tokenPair } },
      errors: [403],
    },
    'api.auth.email.verify': {
      summary: 'Verify my email address',
      description: 'With the code mailed at sign-up or by resend (valid 24 hours). ' + codeNote,
      tags: ['Auth'],
      auth: 'required',
      body: { validator: verifyEmailValidator, example: { code: '042917' } },
      responses: { 200: { description: 'Verified (`email_verified: true`)', schema: profileSchema } },
      errors: [403],
    },
    'api.auth.email.resend': {
      summary: 'Mail a new verification code',
      description: 'Voids the previous code. 409 when the address is already verified.',
      tags: ['Auth'],
      auth: 'required',
      responses: { 202: { description: 'A new code is on its way', schema: message } },
      errors: [403, 409],
    },
    'api.auth.username_available': {
      summary: 'Is a username free?',
      description: 'Case-insensitive.',
      tags: ['Auth'],
      auth: 'optional',
      query: { validator: usernameAvailableValidator },
      responses: {
        200: {
          description: 'The answer',
          schema: object({ available: boolean }),
        },
      },
    },
    'api.auth.two_factor.setup': {
      summary: 'Start setting up two-factor sign-in',
      description:
        'A new TOTP secret for an authenticator app (issuer "Marquee", the account\'s email as label), ' +
        'as base32 and as an `otpauth://` URI (for a QR code). Nothing changes at sign-in until POST ' +
        '/auth/2fa/enable confirms it with a code; calling this again replaces the pending secret. 409 ' +
        '`E_CONFLICT` while two-factor sign-in is on. Secrets are stored encrypted.',
      tags: ['Auth'],
      auth: 'required',
      responses: {
        200: {
          description: 'The pending secret',
          schema: object({
            secret: { ...string, description: 'Base32 (160 bits)', examples: ['JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'] },
            otpauth_url: {
              ...string,
              description: 'Key URI for authenticator apps',
              examples: ['otpauth://totp/Marquee:alice%40example.com?issuer=Marquee&secret=…&algorithm=SHA1&digits=6&period=30'],
            },
          }),
        },
      },
      errors: [403, 409],
    },
    'api.auth.two_factor.enable': {
      summary: 'Turn two-factor sign-in on',
      description:
        'Confirms the pending secret with a current 6-digit code from the app (a wrong one is 422 naming ' +
        '`code`, and nothing changes). Answers the ten recovery codes, readable this once (only their ' +
        'hashes are stored); each signs in once in place of a TOTP code. 409 `E_CONFLICT` when two-factor ' +
        'sign-in is already on, or when no setup is pending (call POST /auth/2fa/setup first). Existing ' +
        'sessions stay signed in.',
      tags: ['Auth'],
      auth: 'required',
      body: { validator: enableTwoFactorValidator, example: { code: '492039' } },
      responses: {
        200: {
          description: 'On; the recovery codes',
          schema: object({
            recovery_codes: {
              type: 'array',
              items: { ...string, pattern: '^[a-z2-9]{5}-[a-z2-9]{5}$' },
              minItems: 10,
              maxItems: 10,
            },
          }),
        },
      },
      errors: [403, 409],
    },
    'api.auth.two_factor.disable': {
      summary: 'Turn two-factor sign-in off',
      description:
        'Needs the password (a wrong one is 401 `E_INVALID_CREDENTIALS`) and a code (a wrong one is 422 ' +
        'naming `code`); both count towards the sign-in lockout. ' +
        twoFactorCodeNote +
        ' Deletes the secret and the recovery codes. 409 `E_CONFLICT` when two-factor sign-in is off.',
      tags: ['Auth'],
      auth: 'required',
      body: { validator: disableTwoFactorValidator, example: { password: 'correct-horse-battery', code: '492039' } },
      responses: { 204: { description: 'Off' } },
      errors: [401, 403, 409],
    },
    'api.auth.two_factor.verify': {
      summary: 'Complete a two-factor sign-in',
      description:
        'Trades the `two_factor_token` of POST /auth/login and a code for the login response (a new ' +
        'session; cookies too when the login asked for them). ' +
        twoFactorCodeNote +
        ' A wrong code is 422 naming `code`; after 5 wrong codes the token is dead. An unknown, expired, ' +
        'used or dead token is 401 `E_UNAUTHORIZED`, even with the right code. Wrong codes count towards ' +
        'the sign-in lockout. ' +
        credentialRoute,
      tags: ['Auth'],
      auth: 'optional',
      body: { validator: verifyTwoFactorValidator, example: { two_factor_token: '…', code: '492039' } },
      responses: { 200: { description: 'Signed in', schema: signedIn } },
      errors: [401, 403],
    },
    'api.auth.account.destroy': {
      summary: 'Delete my account',
      description:
        'Needs the password (a wrong one is 422 naming `password`). Deletes the account and everything ' +
        'that belongs to it, public content included (ratings, reviews, lists, comments).',
      tags: ['Auth'],
      auth: 'required',
      body: { validator: deleteAccountValidator },
      responses: { 204: { description: 'Deleted' } },
      errors: [403],
    },
  },
}

export default docs
