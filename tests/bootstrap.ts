import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { browserClient } from '@japa/browser-client'
import { launchChromium } from '#tests/support/chromium'
import { scopeSessionCookieToAdmin } from '#tests/support/admin_session_scope'
import { resetState } from '#tests/support/state'
import { startTestServices, stopTestServices } from '#tests/support/services'
import { createHttpServer } from '#services/http/node_server'

export const plugins: Config['plugins'] = [
  assert(),
  pluginAdonisJS(app),
  apiClient(),
  authApiClient(app),
  // Admin panel: session cookies and CSRF tokens in functional tests.
  sessionApiClient(app),
  scopeSessionCookieToAdmin('marquee-admin-session'),
  shieldApiClient(),
  // Real headless Chromium (Debian's package) for the `browser` suite only.
  browserClient({ runInSuites: ['browser'], launcher: launchChromium }),
]

/**
 * Before everything: a freshly migrated database, an empty Redis test db,
 * the fake TMDB server, the SMTP sink and in-process queue workers.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      const ace = await app.container.make('ace')
      const command = await ace.exec('migration:fresh', ['--force'])
      if (command.exitCode !== 0) throw command.error ?? new Error('migration:fresh failed')
    },
    () => startTestServices(),
  ],
  teardown: [() => stopTestServices()],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  // Every test starts from an empty database, cache and rate-limit state.
  suite.onTest((test) => {
    test.setup(() => resetState())
  })
  suite.onGroup((group) => {
    group.each.setup(() => resetState())
  })
  if (['browser', 'functional', 'e2e'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start(createHttpServer))
  }
}
