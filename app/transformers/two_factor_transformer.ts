/** The bodies of two-factor sign-in (API.md "Two-factor sign-in"). */
export default class TwoFactorTransformer {
  /** POST /auth/2fa/setup: the secret (base32) and the provisioning URI for authenticator apps. */
  static setup(setup: { secret: string; otpauthUrl: string }) {
    return { secret: setup.secret, otpauth_url: setup.otpauthUrl }
  }

  /** POST /auth/2fa/enable: the recovery codes, shown this once. */
  static recoveryCodes(codes: string[]) {
    return { recovery_codes: codes }
  }

  /** POST /auth/login of a 2FA account: no tokens, a challenge for POST /auth/2fa/verify. */
  static challenge(challenge: { token: string; expiresIn: number }) {
    return { two_factor_required: true as const, two_factor_token: challenge.token, expires_in: challenge.expiresIn }
  }
}
