import { UnrecoverableError, type JobsOptions } from 'bullmq'
import mail from '@adonisjs/mail/services/main'
import encryption from '@adonisjs/core/services/encryption'
import BaseJob from '#jobs/base_job'
import { sha256 } from '#services/auth/secrets'

export interface SendEmailVerificationCodePayload {
  verificationId: number
  email: string
  name: string
  /** The code, encrypted with APP_KEY: job data sits in Redis. */
  code: string
  expiresInHours: number
}

/** Mails an email-verification code (sign-up, email change, resend). */
export default class SendEmailVerificationCodeJob<
  Payload = SendEmailVerificationCodePayload,
> extends BaseJob<Payload> {
  static jobName = 'send-email-verification-code' as const
  static purpose = 'email-verification-code'
  static options: JobsOptions = { removeOnComplete: true, removeOnFail: { age: 24 * 3600 } }

  static jobId(payload: SendEmailVerificationCodePayload) {
    return `email-verification-${payload.verificationId}-${sha256(payload.code).slice(0, 16)}`
  }

  async handle(payload: Payload) {
    const { email, name, code, expiresInHours } = payload as SendEmailVerificationCodePayload
    const plain = encryption.decrypt<string>(code, SendEmailVerificationCodeJob.purpose)
    if (!plain) throw new UnrecoverableError('The code expired before the mail could be sent')

    await mail.send((message) => {
      message
        .to(email, name)
        .subject('Confirm your Marquee email address')
        .htmlView('emails/email_verification_code_html', { name, code: plain, expiresInHours })
        .textView('emails/email_verification_code_text', { name, code: plain, expiresInHours })
    })
    return { sent: true }
  }
}
