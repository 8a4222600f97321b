import { resolve } from 'node:path'
import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class RecommenderExport extends BaseCommand {
  static commandName = 'recommender:export'
  static description = "Write the recommender's training data as CSV (ratings, liked items, item features)"
  static help = [
    'Writes ratings.csv, liked.csv (rating >= 3.5) and items.csv into the directory (created if missing):',
    '  {{ binaryName }} recommender:export tmp/recommender-export',
  ]
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Directory to write the CSV files into' })
  declare dir: string

  async run() {
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const { exportTrainingData } = await import('#services/recommender/export_service')
    const directory = resolve(process.cwd(), this.dir)
    try {
      const summary = await exportTrainingData(directory, (step, done, total) => {
        if (done === total) this.logger.info(`read ${step}`)
      })
      const table = this.ui.table()
      table.head(['File', 'Rows'])
      for (const file of summary.files) table.row([file.name, file.rows.toLocaleString('en-US')])
      table.render()
      this.logger.success(`Exported to ${summary.directory}`)
    } catch (error) {
      this.exitCode = 1
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR') {
        this.logger.error(`Cannot write to ${directory} (${code}): choose a writable directory.`)
        return
      }
      this.logger.error(`Export failed: ${(error as Error).message}`)
      this.error = error
    }
  }
}
