import { resolve } from 'node:path'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { CatalogueCheckResult } from '#services/catalogue/catalogue_check'

export default class CatalogueCheck extends BaseCommand {
  static commandName = 'catalogue:check'
  static description =
    'Report movies missing metadata, ids, credits, genres or a poster (counts + one CSV row per movie), and people and collections TMDB can fill'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'CSV file to write (default: tmp/catalogue-gaps.csv)' })
  declare output?: string

  async run() {
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const { checkCatalogue, CATALOGUE_GAPS, CATALOGUE_GAP_DESCRIPTIONS } = await import(
      '#services/catalogue/catalogue_check'
    )
    const output = this.output ? resolve(this.output) : this.app.tmpPath('catalogue-gaps.csv')

    let result: CatalogueCheckResult
    try {
      result = await checkCatalogue(output)
    } catch (error) {
      this.exitCode = 1
      this.logger.error(
        `Catalogue check failed: ${(error as Error).message}. Check the database connection (DATABASE_URL) and that migrations have run (node ace migration:run).`
      )
      return
    }

    const number = (value: number) => value.toLocaleString('en-US')
    const table = this.ui.table()
    table.head(['Gap', 'Movies', 'Meaning'])
    for (const gap of CATALOGUE_GAPS) {
      table.row([gap, number(result.gaps[gap]), CATALOGUE_GAP_DESCRIPTIONS[gap]])
    }
    table.row(['any', number(result.moviesWithGaps), `of ${number(result.totalMovies)} movies`])
    // What TMDB could still fill (tmdb:sync --gaps, the backfill job) vs. what it does not have.
    const { countFillableGaps, countNotOnTmdb } = await import('#services/tmdb/gap_service')
    const [fillableGaps, notOnTmdb] = await Promise.all([countFillableGaps(), countNotOnTmdb()])
    table.row(['fillable by TMDB', number(fillableGaps.movies), 'linked movies never fetched from TMDB: `node ace tmdb:sync --gaps`'])
    table.row(['not on TMDB', number(notOnTmdb), 'TMDB answered 404 for their tmdb_id (nothing to fill)'])
    table.render()

    // Not movies, but also filled by `tmdb:sync --gaps` and the backfill: the pages of people and collections.
    const others = this.ui.table()
    others.head(['Gap', 'Count', 'Meaning'])
    others.row(['people', number(fillableGaps.people), 'people from the credits without their TMDB page (biography, dates)'])
    others.row(['collections', number(fillableGaps.collections), 'collections named by movies without their TMDB page (parts)'])
    others.render()
    this.logger.success(`Wrote ${number(result.rowsWritten)} movies with gaps to ${result.output}`)
    // Returned so programmatic callers (tests, scripts) get the figures as `command.result`.
    return {
      ...result,
      fillable: fillableGaps.movies,
      fillablePeople: fillableGaps.people,
      fillableCollections: fillableGaps.collections,
      notOnTmdb,
    }
  }
}
