import { UnrecoverableError, type JobsOptions } from 'bullmq'
import mail from '@adonisjs/mail/services/main'
import encryption from '@adonisjs/core/services/encryption'
import BaseJob from '#jobs/base_job'
import { sha256 } from '#services/auth/secrets'

export interface SendPasswordResetCodePayload {
  resetId: number
  email: string
  name: string
  /** The code, encrypted with APP_KEY: job data sits in Redis. */
  code: string
  expiresInMinutes: number
}

/**
 * Mails a password-reset code. Generic over the payload for BaseJob.dispatch's
 * sake (see SyncMovieJob); `dispatch` below requires the real payload.
 */
export default class SendPasswordResetCodeJob<
  Payload = SendPasswordResetCodePayload,
> extends BaseJob<Payload> {
  static jobName = 'send-password-reset-code' as const
  static purpose = 'password-reset-code'
  /** Nothing of a sent code is kept in Redis. */
  static options: JobsOptions = { removeOnComplete: true, removeOnFail: { age: 24 * 3600 } }

  /** One job per code: ids restart in a fresh database, so the code's hash is part of it. */
  static jobId(payload: SendPasswordResetCodePayload) {
    return `password-reset-${payload.resetId}-${sha256(payload.code).slice(0, 16)}`
  }

  async handle(payload: Payload) {
    const { email, name, code, expiresInMinutes } = payload as SendPasswordResetCodePayload
    const plain = encryption.decrypt<string>(code, SendPasswordResetCodeJob.purpose)
    if (!plain) throw new UnrecoverableError('The code expired before the mail could be sent')

    await mail.send((message) => {
      message
        .to(email, name)
        .subject('Your Marquee password reset code')
        .htmlView('emails/password_reset_code_html', { name, code: plain, expiresInMinutes })
        .textView('emails/password_reset_code_text', { name, code: plain, expiresInMinutes })
    })
    return { sent: true }
  }
}
