import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import Series from '#models/series'
import { resetTmdb, waitForQueueIdle } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'

async function runAce(command: string, args: string[]) {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('raw')
  const instance = await ace.exec(command, args)
  const logs = instance.logger.getLogs().map((log) => log.message)
  instance.logger.flushLogs()
  return { command: instance, output: logs.join('\n') }
}

test.group('Series / tmdb:sync-series', (group) => {
  group.each.setup(() => resetTmdb())

  test('--ids queues one sync per show and --wait reports them done', async ({ assert }) => {
    const ids = [TV_ID_BASE + 3, TV_ID_BASE + 4]

    const { command, output } = await runAce('tmdb:sync-series', ['--ids', `${ids[0]},${ids[1]},${ids[0]}`, '--wait'])

    assert.equal(command.exitCode, 0, output)
    assert.include(output, 'Queued 2 job(s)')
    assert.include(output, 'All 2 job(s) completed.')
    const synced = await Series.query().orderBy('tmdb_id')
    assert.deepEqual(
      synced.map((series) => series.tmdbId),
      ids
    )
  })

  test('a show TMDB does not know is reported as failed, with exit code 1', async ({ assert }) => {
    const { command, output } = await runAce('tmdb:sync-series', ['--ids', '424242', '--wait'])

    assert.equal(command.exitCode, 1)
    assert.include(output, 'series 424242')
    assert.include(output, 'TMDB 404 on /tv/424242')
    assert.lengthOf(await Series.all(), 0)
  })

  test('bad or missing flags explain what to pass and queue nothing', async ({ assert }) => {
    const invalid = await runAce('tmdb:sync-series', ['--ids', '12,abc'])
    assert.equal(invalid.command.exitCode, 1)
    assert.include(invalid.output, 'invalid: abc')

    const nothing = await runAce('tmdb:sync-series', [])
    assert.equal(nothing.command.exitCode, 1)
    assert.include(nothing.output, 'Nothing to do: pass --ids, --trending, --popular, --top-rated and/or --on-the-air.')
    await waitForQueueIdle()
    assert.lengthOf(await Series.all(), 0)
  })

  test('--popular queues the popular-list refresh, whose syncs bring the shows in', async ({ assert }) => {
    const { command, output } = await runAce('tmdb:sync-series', ['--popular', '--wait'])

    assert.equal(command.exitCode, 0, output)
    assert.include(output, 'popular list')
    await waitForQueueIdle(60_000)
    assert.equal((await Series.all()).length, 36)
  })
})
