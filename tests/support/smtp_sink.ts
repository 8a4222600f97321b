import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import mail from '@adonisjs/mail/services/main'
import { SMTPTransport } from '@adonisjs/mail/transports/smtp'

export interface ReceivedMail {
  from: string
  to: string[]
  subject: string
  text: string
  html: string
  raw: string
}

type Waiter = { match: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }

/**
 * A real SMTP server in the test process. The app's mailer is pointed at it
 * at runtime (`mail.config.mailers.smtp`), so it listens on a free port and
 * parallel runs never collide. Mails arrive over real SMTP from the queue
 * workers, exactly as they would reach a relay.
 */
class SmtpSink {
  #server?: SMTPServer
  #messages: ReceivedMail[] = []
  #waiters: Waiter[] = []
  port?: number

  async start() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase())
          this.#receive(parseMail(raw, session.envelope.mailFrom ? session.envelope.mailFrom.address : '', recipients))
          callback()
        })
      },
    })
    await new Promise<void>((resolve, reject) => {
      this.#server!.once('error', reject)
      this.#server!.listen(0, '127.0.0.1', () => resolve())
    })
    this.port = (this.#server.server.address() as AddressInfo).port
    process.env.SMTP_HOST = '127.0.0.1'
    process.env.SMTP_PORT = String(this.port)

    // config/mail.ts was read at boot; swap the transport for one aimed at this server.
    mail.config.mailers.smtp = () =>
      new SMTPTransport({ host: '127.0.0.1', port: this.port!, secure: false, ignoreTLS: true })
    await mail.close('smtp')
  }

  async stop() {
    await mail.close('smtp')
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()))
    this.#server = undefined
  }

  /** Forgets received mails (each test starts with an empty mailbox). */
  clear() {
    this.#messages = []
  }

  messagesTo(address: string) {
    return this.#messages.filter((message) => message.to.includes(address.toLowerCase()))
  }

  /**
   * The `index`-th mail (0 = the first) to `address` whose subject matches,
   * received already or within the timeout.
   */
  waitFor(
    address: string,
    options: { subject?: RegExp; index?: number; timeoutMs?: number } = {}
  ): Promise<ReceivedMail> {
    const index = options.index ?? 0
    const timeoutMs = options.timeoutMs ?? 10_000
    const matches = (message: ReceivedMail) =>
      message.to.includes(address.toLowerCase()) && (!options.subject || options.subject.test(message.subject))
    const found = () => this.#messages.filter(matches)[index]
    if (found()) return Promise.resolve(found())

    return new Promise((resolve, reject) => {
      const waiter: Waiter = { match: () => Boolean(found()), resolve: () => {} }
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter)
        reject(new Error(`Mail #${index + 1} to ${address} did not arrive within ${timeoutMs} ms`))
      }, timeoutMs)
      waiter.resolve = () => {
        clearTimeout(timer)
        resolve(found())
      }
      this.#waiters.push(waiter)
    })
  }

  #receive(message: ReceivedMail) {
    this.#messages.push(message)
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(message)) {
        this.#waiters = this.#waiters.filter((w) => w !== waiter)
        waiter.resolve(message)
      }
    }
  }
}

export const smtpSink = new SmtpSink()

/** The 6-digit code of a mail's plain-text part. */
export function codeFrom(message: ReceivedMail): string {
  const found = message.text.match(/\b(\d{6})\b/)
  if (!found) throw new Error(`No 6-digit code in the mail "${message.subject}"`)
  return found[1]
}

/*
 * A small MIME reader: enough for what nodemailer sends (multipart/alternative
 * with quoted-printable, base64 or 7bit parts).
 */

interface Part {
  headers: Map<string, string>
  body: string
}

function splitPart(raw: string): Part {
  const separator = raw.search(/\r?\n\r?\n/)
  const head = separator === -1 ? raw : raw.slice(0, separator)
  const body = separator === -1 ? '' : raw.slice(separator).replace(/^\r?\n\r?\n/, '')
  const headers = new Map<string, string>()
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return { headers, body }
}

const hexByte = (_match: string, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))

function decodeBody(part: Part): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (encoding === 'quoted-printable') {
    const bytes = part.body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, hexByte)
    return Buffer.from(bytes, 'latin1').toString('utf8')
  }
  return part.body
}

function leafParts(part: Part): Part[] {
  const contentType = part.headers.get('content-type') ?? 'text/plain'
  const boundary = contentType.match(/boundary="?([^";]+)"?/i)?.[1]
  if (!contentType.toLowerCase().startsWith('multipart/') || !boundary) return [part]
  return part.body
    .split(`--${boundary}`)
    .slice(1)
    .filter((chunk) => !chunk.startsWith('--'))
    .flatMap((chunk) => leafParts(splitPart(chunk.replace(/^\r?\n/, ''))))
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`) in a header. */
function decodeHeader(value: string) {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, _charset, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, hexByte), 'latin1').toString('utf8')
  )
}

function parseMail(raw: string, from: string, to: string[]): ReceivedMail {
  const root = splitPart(raw)
  const leaves = leafParts(root)
  const ofType = (type: string) =>
    leaves
      .filter((leaf) => (leaf.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith(type))
      .map(decodeBody)
      .join('\n')
  return {
    from,
    to,
    subject: decodeHeader(root.headers.get('subject') ?? ''),
    text: ofType('text/plain'),
    html: ofType('text/html'),
    raw,
  }
}
