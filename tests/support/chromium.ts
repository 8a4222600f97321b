import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's `chromium` package (`apt-get install -y chromium`); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function chromiumAvailable() {
  return existsSync(CHROMIUM_PATH)
}

/** The browser suite's launcher: the system Chromium, headless, no sandbox (root in CI). */
export function launchChromium(config: { headless?: boolean; slowMo?: number }): Promise<Browser> {
  if (!chromiumAvailable()) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\``)
  }
  return chromium.launch({
    ...config,
    headless: true,
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}
