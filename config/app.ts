import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'
import { randomUUID } from 'node:crypto'
import { parseTrustedProxies, trustProxyFor } from '#services/http/trusted_proxies'

export const appKey = env.get('APP_KEY')
export const appUrl = env.get('APP_URL')

export const http = defineConfig({
  /**
   * Every request gets an id (or keeps the caller's `X-Request-Id`); it is
   * bound to the request logger and echoed in the response headers.
   */
  generateRequestId: true,
  createRequestId: () => randomUUID(),
  allowMethodSpoofing: false,
  useAsyncLocalStorage: false,
  /**
   * X-Forwarded-For is believed only from the proxies named in
   * TRUSTED_PROXIES (none by default); anyone else could spoof it past rate
   * limits and the sign-in lockout.
   */
  trustProxy: trustProxyFor(parseTrustedProxies(env.get('TRUSTED_PROXIES'))),
  /**
   * `?genre=16,35` stays the string the validators expect: qs's comma
   * splitting would turn a documented comma list (or a search term with a
   * comma) into an array.
   */
  qs: {
    parse: { depth: 5, parameterLimit: 1000, allowSparse: false, arrayLimit: 20, comma: false },
    stringify: { encode: true, encodeValuesOnly: false, arrayFormat: 'indices', skipNulls: false },
  },
  etag: false,
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
