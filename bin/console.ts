/*
 * Ace entry point. Commands boot the application only when they set
 * `options.startApp`.
 */
await import('reflect-metadata')
const { Ignitor, prettyPrintError } = await import('@adonisjs/core')

const APP_ROOT = new URL('../', import.meta.url)

/**
 * Captured before `handle()` splices argv: the booting hook needs to know
 * whether this process will talk to the database itself (migrations, imports,
 * workers) or only spawn a child that will (`serve`, `test`).
 */
const COMMAND = process.argv[2] ?? ''

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
      const { prepareInfrastructure, commandNeedsInfrastructure } = await import(
        '#start/infrastructure'
      )
      if (commandNeedsInfrastructure(COMMAND)) {
        await prepareInfrastructure(app)
      }
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listen('SIGINT', () => app.terminate())
  })
  .ace()
  .handle(process.argv.splice(2))
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
