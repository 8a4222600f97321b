import { connect } from 'node:net'
import env from '#start/env'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * One HTTP/1.1 request written byte for byte on a socket: the path goes out
 * exactly as given (no client-side encoding or normalisation of `%2f`,
 * `..` or commas), and `localAddress` lets a test come from another
 * loopback address than the test client's (an untrusted peer).
 */
export function rawRequest(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string; localAddress?: string } = {}
): Promise<RawResponse> {
  const host = env.get('HOST', '127.0.0.1')
  const port = env.get('PORT')
  const headers: Record<string, string> = { host: `${host}:${port}`, connection: 'close', ...options.headers }
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body))
  const head = [`${method} ${path} HTTP/1.1`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)]
  const payload = head.join('\r\n') + '\r\n\r\n' + (options.body ?? '')

  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, localAddress: options.localAddress })
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const [rawHead, ...rest] = text.split('\r\n\r\n')
      const [statusLine, ...headerLines] = rawHead.split('\r\n')
      const status = Number(statusLine.split(' ')[1])
      if (!status) return reject(new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`))
      const parsed: Record<string, string> = {}
      for (const line of headerLines) {
        const colon = line.indexOf(':')
        parsed[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
      }
      let body = rest.join('\r\n\r\n')
      if (parsed['transfer-encoding'] === 'chunked') body = dechunk(body)
      resolve({ status, headers: parsed, body })
    })
    // Not end(): a half-closed socket would make Node drop the response; the server closes (Connection: close).
    socket.write(payload)
  })
}

function dechunk(body: string) {
  let out = ''
  let rest = body
  while (rest.length) {
    const lineEnd = rest.indexOf('\r\n')
    const size = Number.parseInt(rest.slice(0, lineEnd), 16)
    if (!size) break
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size)
    rest = rest.slice(lineEnd + 2 + size + 2)
  }
  return out
}
