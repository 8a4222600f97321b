/*
 * Entry of the training worker thread (node:worker_threads). Worker threads
 * do not inherit the TypeScript loader of the main thread, so from the
 * sources (development, tests) it is registered here first; the compiled
 * build runs as plain JavaScript.
 */
if (import.meta.url.endsWith('.ts')) await import('@poppinss/ts-exec')
await import('./train_worker_main.js')
