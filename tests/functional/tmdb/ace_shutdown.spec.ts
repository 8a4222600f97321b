import { spawn } from 'node:child_process'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { resetTmdb } from '#tests/support/fake_tmdb/test_helpers'

interface AceRun {
  code: number | null
  stdout: string
  stderr: string
}

/** `node ace …` as a child process with this run's environment (test database, Redis db, fake TMDB). */
function runAceProcess(args: string[]): Promise<AceRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['ace.js', ...args], {
      cwd: app.makePath(),
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

test.group('Ace commands / shutdown', (group) => {
  group.each.setup(() => resetTmdb())

  // A command that ends within a moment of starting used to close the cache's and
  // Transmit's Redis buses while they were still connecting: their unanswered
  // SUBSCRIBE was rejected with "Connection is closed." and the process exited 1.
  test('a short command exits 0 every time, also five at once', async ({ assert }) => {
    const runs = await Promise.all(Array.from({ length: 5 }, () => runAceProcess(['tmdb:sync', '--missing'])))
    for (const run of runs) {
      assert.notInclude(run.stderr, 'Connection is closed')
      assert.equal(run.code, 0, run.stderr)
    }
  }).timeout(120_000)

  test('a short command that fails on bad input exits 1 with its own message, not a Redis error', async ({ assert }) => {
    const run = await runAceProcess(['tmdb:sync', '--ids', 'abc'])
    assert.equal(run.code, 1)
    assert.include(run.stdout + run.stderr, 'invalid: abc')
    assert.notInclude(run.stderr, 'Connection is closed')
  }).timeout(60_000)
})
