import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

/**
 * Structured JSON logs (pino) in production; pretty lines in development.
 * Request loggers carry the request id. Credentials never reach a log line.
 */
const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: env.get('APP_NAME', 'marquee'),
      level: env.get('LOG_LEVEL'),
      redact: {
        paths: [
          'password',
          '*.password',
          '*.new_password',
          '*.current_password',
          'req.headers.authorization',
          'req.headers.cookie',
          '*.access_token',
          '*.refresh_token',
        ],
        censor: '[redacted]',
      },
      transport: {
        targets: app.inProduction ? [targets.file({ destination: 1 })] : [targets.pretty()],
      },
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
