import env from '#start/env'
import { defineConfig } from '@adonisjs/cors'

/**
 * CORS_ORIGINS is a comma-separated allow-list ("*" allows any origin).
 * Without it, only same-origin requests are allowed.
 */
const allowList = (env.get('CORS_ORIGINS') ?? '')
  .split(',')
  .map((origin) => origin.trim())
  .filter(Boolean)

const corsConfig = defineConfig({
  enabled: true,
  origin: allowList.includes('*') ? true : allowList,
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  headers: true,
  exposeHeaders: [
    'x-request-id',
    'x-ratelimit-limit',
    'x-ratelimit-remaining',
    'x-ratelimit-reset',
    'retry-after',
    'etag',
  ],
  credentials: true,
  maxAge: 90,
})

export default corsConfig
