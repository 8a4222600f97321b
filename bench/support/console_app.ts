import 'reflect-metadata'
import { Ignitor } from '@adonisjs/core'

/** The project root, as bin/console.ts resolves it. */
export const APP_ROOT = new URL('../../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

/**
 * Boots the app in console mode (like an ace command: services, database,
 * Redis, no HTTP server) so a bench can seed data and mint tokens with the
 * app's own services. Call `app.terminate()` at the end.
 */
export async function bootConsoleApp() {
  const app = new Ignitor(APP_ROOT, { importer: IMPORTER })
    .tap((application) => {
      application.booting(async () => {
        await import('#start/env')
        const { prepareInfrastructure } = await import('#start/infrastructure')
        await prepareInfrastructure(application)
      })
    })
    .createApp('console')
  await app.init()
  await app.boot()
  await app.start(() => {})
  return app
}

/** Prints a step of the bench; finish the line with `console.log`. */
export const step = (label: string) => process.stdout.write(`[bench] ${label}… `)
