import type { Profile } from '#transformers/user_transformer'

/** The token fields of sign-in, refresh and password change (LoginSessions issues them). */
export interface TokenFields {
  access_token: string
  refresh_token: string
  expires_in: number
}

/** Register and login: the profile and the tokens side by side. */
export type SignedIn = { user: Profile } & TokenFields

/** The bodies of the credential routes (API.md, Auth). */
export default class AuthTransformer {
  /** A freshly issued access token (with its lifetime in seconds) and refresh token. */
  static tokens(access: { token: string; expiresIn: number }, refreshToken: string): TokenFields {
    return { access_token: access.token, refresh_token: refreshToken, expires_in: access.expiresIn }
  }

  static signedIn(user: Profile, tokens: TokenFields): SignedIn {
    return { user, ...tokens }
  }

  /** POST /auth/password/forgot (202). */
  static resetStarted(resetToken: string, expiresIn: number) {
    return { reset_token: resetToken, expires_in: expiresIn }
  }

  /** POST /auth/password/verify: the reset must follow within `expiresIn` seconds. */
  static resetVerified(expiresIn: number) {
    return { verified: true as const, expires_in: expiresIn }
  }

  /** GET /auth/username-available. */
  static usernameAvailability(available: boolean) {
    return { available }
  }
}
