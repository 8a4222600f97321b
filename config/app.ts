import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'
import { randomUUID } from 'node:crypto'
import proxyAddr from 'proxy-addr'

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
   * X-Forwarded-For is believed only from a proxy on loopback or a private
   * network; anyone else could spoof it past rate limits and the IP blocklist.
   */
  trustProxy: proxyAddr.compile(['loopback', 'linklocal', 'uniquelocal']),
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
