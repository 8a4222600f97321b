import { randomUUID } from 'node:crypto'
import http from 'node:http'
import env from '#start/env'

/** One event as Transmit sends it: `data: {"channel": ..., "payload": ...}`. */
export interface SseEvent<Payload = unknown> {
  channel: string
  payload: Payload
}

/** Our push envelope (app/services/realtime/realtime_push.ts). */
export interface PushPayload<Data = Record<string, unknown>> {
  type: string
  data: Data
}

/** The base URL of the app under test (Japa's HTTP server). */
export function appUrl() {
  return `http://${env.get('HOST', '127.0.0.1')}:${env.get('PORT')}`
}

type Credentials = { token: string } | { headers: Record<string, string> } | null

/**
 * A real SSE client for Transmit's protocol, over plain HTTP: it opens
 * `GET /__transmit/events?uid=…`, subscribes with `POST /__transmit/subscribe`
 * (authorised by a bearer token or cookie headers) and keeps every event it
 * reads, so tests can wait for one or prove that none came.
 */
export class SseClient {
  readonly uid = randomUUID()
  readonly events: SseEvent[] = []
  #request?: http.ClientRequest
  #response?: http.IncomingMessage
  #buffer = ''
  #waiters = new Set<() => void>()
  #closed = false
  #ended = false

  /** Whether the server ended the stream (not this client). */
  get ended() {
    return this.#ended
  }

  private constructor(readonly baseUrl: string) {}

  /** Opens a stream and resolves once Transmit has sent its first frame. */
  static async connect(baseUrl: string = appUrl()): Promise<SseClient> {
    const client = new SseClient(baseUrl)
    await client.open()
    return client
  }

  private open() {
    return new Promise<void>((resolve, reject) => {
      const request = http.get(`${this.baseUrl}/__transmit/events?uid=${this.uid}`, { headers: { accept: 'text/event-stream' } })
      this.#request = request
      request.on('error', (error) => (this.#closed ? undefined : reject(error)))
      request.on('response', (response) => {
        this.#response = response
        if (response.statusCode !== 200) {
          reject(new Error(`SSE stream answered ${response.statusCode}`))
          response.resume()
          return
        }
        response.setEncoding('utf8')
        let opened = false
        response.on('data', (chunk: string) => {
          if (!opened) {
            opened = true
            resolve()
          }
          this.read(chunk)
        })
        response.on('error', () => undefined)
        response.on('end', () => {
          if (!this.#closed) this.#ended = true
        })
      })
    })
  }

  /** Splits the stream into events (blank-line separated) and keeps their JSON data. */
  private read(chunk: string) {
    this.#buffer += chunk
    let boundary = this.#buffer.indexOf('\n\n')
    while (boundary !== -1) {
      const block = this.#buffer.slice(0, boundary)
      this.#buffer = this.#buffer.slice(boundary + 2)
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n')
      if (data) {
        const event = JSON.parse(data) as SseEvent
        if (event.channel !== '$$transmit/ping') this.events.push(event)
      }
      boundary = this.#buffer.indexOf('\n\n')
    }
    for (const wake of this.#waiters) wake()
  }

  /** POSTs a subscription; resolves with Transmit's status (204 accepted, 4xx refused). */
  subscribe(channel: string, credentials: Credentials) {
    return this.post('subscribe', channel, credentials)
  }

  unsubscribe(channel: string, credentials: Credentials) {
    return this.post('unsubscribe', channel, credentials)
  }

  private async post(action: 'subscribe' | 'unsubscribe', channel: string, credentials: Credentials): Promise<number> {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (credentials && 'token' in credentials) headers.authorization = `Bearer ${credentials.token}`
    if (credentials && 'headers' in credentials) Object.assign(headers, credentials.headers)
    const response = await fetch(`${this.baseUrl}/__transmit/${action}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ uid: this.uid, channel }),
    })
    await response.arrayBuffer()
    return response.status
  }

  /** Events received so far on a channel. */
  on<Payload = PushPayload>(channel: string): SseEvent<Payload>[] {
    return this.events.filter((event) => event.channel === channel) as SseEvent<Payload>[]
  }

  /** The first event (already received or still to come) matching `predicate`; fails after `timeoutMs`. */
  waitFor<Payload = PushPayload>(predicate: (event: SseEvent<Payload>) => boolean, timeoutMs = 5000): Promise<SseEvent<Payload>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = (this.events as SseEvent<Payload>[]).find(predicate)
        if (!found) return false
        cleanup()
        resolve(found)
        return true
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`No matching SSE event within ${timeoutMs} ms (received ${JSON.stringify(this.events)})`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.#waiters.delete(wake)
      }
      const wake = () => void check()
      if (!check()) this.#waiters.add(wake)
    })
  }

  /** Waits `ms` and returns what arrived matching `predicate` (to prove nothing did). */
  async collectFor<Payload = PushPayload>(predicate: (event: SseEvent<Payload>) => boolean, ms: number) {
    await new Promise((resolve) => setTimeout(resolve, ms))
    return (this.events as SseEvent<Payload>[]).filter(predicate)
  }

  close() {
    this.#closed = true
    this.#response?.destroy()
    this.#request?.destroy()
  }
}

/** Every client opened through `open` is closed by `closeAll` (call it in a teardown). */
export class SseClients {
  #clients: SseClient[] = []

  async open(baseUrl?: string) {
    const client = await SseClient.connect(baseUrl)
    this.#clients.push(client)
    return client
  }

  closeAll() {
    for (const client of this.#clients) client.close()
    this.#clients = []
  }
}
