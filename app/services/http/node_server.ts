import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'

/**
 * The largest request head (request line + headers) we read: Node's own
 * default, set here on purpose so a runtime flag or a Node upgrade does not
 * change it behind our back. A longer URL or a cookie pile is refused with
 * 431 before the app sees it.
 */
export const MAX_HEADER_BYTES = 16 * 1024

/** Node's parser errors and the status it would answer them with. */
const STATUS_BY_ERROR: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
}

const MESSAGES: Record<number, string> = {
  400: 'Malformed HTTP request',
  408: 'The request took too long to arrive',
  413: 'Request is too large',
  431: `Request URL and headers are too large (at most ${MAX_HEADER_BYTES / 1024} KB)`,
}

/** A complete HTTP/1.1 response carrying the contract's error envelope. */
export function rawErrorResponse(status: number): string {
  const body = JSON.stringify({ error: { code: 'E_BAD_REQUEST', message: MESSAGES[status] ?? 'Bad request' } })
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n')
}

/**
 * Requests Node rejects while parsing never reach the app (nor its error
 * handler), and Node's own answer is a bare status line with an empty body.
 * Answer them with the envelope like every other error, then close.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) {
  if (error.code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
    socket.destroy()
    return
  }
  const status = (error.code && STATUS_BY_ERROR[error.code]) || 400
  socket.end(rawErrorResponse(status))
}

/** The HTTP server of bin/server.ts and of the functional tests. */
export function createHttpServer(handler: (req: IncomingMessage, res: ServerResponse) => unknown) {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, handler)
  server.on('clientError', answerClientError)
  return server
}
