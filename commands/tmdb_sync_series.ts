import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { Job } from 'bullmq'

export default class TmdbSyncSeries extends BaseCommand {
  static commandName = 'tmdb:sync-series'
  static description = 'Queue TMDB syncs of TV series: shows by id, trending, popular, top rated, on the air'
  static help = [
    'Queues jobs on the metadata queue; `node ace queue:work --queues=metadata` runs them.',
    '  {{ binaryName }} tmdb:sync-series --ids 1399,66732 --wait',
    '  {{ binaryName }} tmdb:sync-series --trending --popular --top-rated --on-the-air',
    'Needs TMDB_ACCESS_TOKEN and TMDB_BASE_URL (locally: `node ace tmdb:fake-server`).',
  ]
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Comma-separated TMDB TV ids to sync' })
  declare ids?: string

  @flags.boolean({ description: 'Refresh trending scores (day and week)' })
  declare trending?: boolean

  @flags.boolean({ description: 'Refresh popular shows' })
  declare popular?: boolean

  @flags.boolean({ description: 'Refresh top-rated shows', flagName: 'top-rated' })
  declare topRated?: boolean

  @flags.boolean({ description: 'Re-sync shows on the air (new episodes)', flagName: 'on-the-air' })
  declare onTheAir?: boolean

  @flags.boolean({ description: 'Wait for the jobs to finish and report failures' })
  declare wait?: boolean

  async run() {
    const ids = this.#ids()
    if (ids === null) return
    const lists = [
      ...(this.trending ? (['trending-day', 'trending-week'] as const) : []),
      ...(this.popular ? (['popular'] as const) : []),
      ...(this.topRated ? (['top-rated'] as const) : []),
      ...(this.onTheAir ? (['on-the-air'] as const) : []),
    ]
    if (!ids.length && !lists.length) {
      this.exitCode = 1
      this.logger.error('Nothing to do: pass --ids, --trending, --popular, --top-rated and/or --on-the-air.')
      return
    }

    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const dispatcher = await import('#services/tmdb/sync_dispatcher')
    try {
      await dispatcher.checkTmdbAccess()
    } catch (error) {
      this.exitCode = 1
      this.logger.error(
        `Cannot use TMDB: ${(error as Error).message} Check TMDB_ACCESS_TOKEN and TMDB_BASE_URL ` +
          '(locally: `node ace tmdb:fake-server`), then run this again.'
      )
      return
    }

    const { enqueueSeriesSyncs } = await import('#services/tmdb/series_refresh_service')
    const { default: RefreshSeriesListJob } = await import('#jobs/refresh_series_list_job')
    const queued: { label: string; job: Job }[] = []
    for (const job of await enqueueSeriesSyncs(ids)) {
      queued.push({ label: `series ${(job.data as { tmdbId: number }).tmdbId}`, job })
    }
    for (const list of lists) {
      queued.push({ label: `${list} list`, job: await RefreshSeriesListJob.dispatch({ list }) })
    }
    this.logger.info(`Queued ${queued.length} job(s): ${queued.map((entry) => entry.label).join(', ')}`)

    const workers = await dispatcher.metadataWorkerCount()
    if (!workers) {
      const message =
        'No worker is running on the metadata queue: start one with `node ace queue:work --queues=metadata`.'
      if (this.wait) {
        this.exitCode = 1
        this.logger.error(`Cannot --wait. ${message}`)
      } else {
        this.logger.warning(message)
      }
      return { queued: queued.map((entry) => String(entry.job.id)) }
    }
    if (!this.wait) return { queued: queued.map((entry) => String(entry.job.id)) }

    const { default: queue } = await import('#jobs/queue/queue')
    const events = await queue.events('metadata')
    let failed = 0
    let settled = 0
    await Promise.all(
      queued.map(async ({ label, job }) => {
        try {
          await job.waitUntilFinished(events)
          this.logger.info(`[${++settled}/${queued.length}] ${label}: completed`)
        } catch (error) {
          failed++
          this.logger.error(`[${++settled}/${queued.length}] ${label} (job ${job.id}) failed: ${(error as Error).message}`)
        }
      })
    )
    if (failed) {
      this.exitCode = 1
      this.logger.error(`${failed} of ${queued.length} job(s) failed.`)
    } else {
      this.logger.success(`All ${queued.length} job(s) completed.`)
    }
    return { queued: queued.map((entry) => String(entry.job.id)), failed }
  }

  /** Parsed --ids; null (with an error shown) when unusable. */
  #ids(): number[] | null {
    if (this.ids === undefined) return []
    const parts = this.ids.split(',').map((part) => part.trim()).filter(Boolean)
    const invalid = parts.filter((part) => !/^\d+$/.test(part) || Number(part) <= 0)
    if (invalid.length || !parts.length) {
      this.exitCode = 1
      this.logger.error(
        `--ids takes comma-separated positive TMDB TV ids (e.g. --ids 1399,66732); invalid: ${invalid.join(', ') || '(empty)'}`
      )
      return null
    }
    return [...new Set(parts.map(Number))]
  }
}
