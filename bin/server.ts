/*
 * HTTP server entry point (`node bin/server.js` in production, `node ace serve` in development).
 */
await import('reflect-metadata')
const { Ignitor, prettyPrintError } = await import('@adonisjs/core')
const { createHttpServer } = await import('#services/http/node_server')

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
      const { prepareInfrastructure } = await import('#start/infrastructure')
      await prepareInfrastructure(app)
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listen('SIGINT', () => app.terminate())
  })
  .httpServer()
  .start(createHttpServer)
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
