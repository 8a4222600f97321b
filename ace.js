/*
 * Ace entry point. `@poppinss/ts-exec` lets Node 24 run the TypeScript
 * sources directly; production runs the compiled build instead.
 */
import '@poppinss/ts-exec'

await import('./bin/console.js')
