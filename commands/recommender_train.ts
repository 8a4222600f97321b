import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class RecommenderTrain extends BaseCommand {
  static commandName = 'recommender:train'
  static description = 'Train the recommender from the database and put the new model in service'
  static help = [
    'Loads ratings and movie features, trains in a worker thread, stores the model as a new version',
    '(table recommender_models) and swaps it in; running servers pick it up within 30 s.',
    'A failure keeps the previous model in service.',
    '  {{ binaryName }} recommender:train',
    '  {{ binaryName }} recommender:train --model=ease_rp3beta     # collaborative engine of for_you',
    'Engines: ease (default), ease_rp3beta, rp3beta, item_knn, als. Compare them first with recommender:evaluate.',
  ]
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Collaborative engine of for_you: ease, ease_rp3beta, rp3beta, item_knn or als' })
  declare model?: string

  async run() {
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const { ENGINES } = await import('#services/recommender/bundle')
    const { default: TrainingService, TrainingInProgressError, NothingToTrainError } = await import(
      '#services/recommender/training_service'
    )
    const engine = this.model as (typeof ENGINES)[number] | undefined
    if (engine !== undefined && !ENGINES.includes(engine)) {
      this.logger.error(`Unknown model "${this.model}". Use one of: ${ENGINES.join(', ')}`)
      this.exitCode = 1
      return
    }

    const { default: cliProgress } = await import('cli-progress')
    const interactive = Boolean(process.stderr.isTTY) && !this.app.inTest
    let bar: InstanceType<typeof cliProgress.SingleBar> | null = null
    let current = ''
    let stepStarted = performance.now()
    const endStep = () => {
      if (!current) return
      bar?.stop()
      bar = null
      this.logger.info(`${current} (${((performance.now() - stepStarted) / 1000).toFixed(2)} s)`)
    }

    try {
      const run = await (await this.app.container.make(TrainingService)).train({
        engine,
        trigger: 'manual',
        onProgress: (step, done, total) => {
          if (step !== current) {
            endStep()
            current = step
            stepStarted = performance.now()
            if (interactive) {
              bar = new cliProgress.SingleBar(
                { format: `${step.padEnd(16)} [{bar}] {percentage}%`, hideCursor: true },
                cliProgress.Presets.shades_classic
              )
              bar.start(Math.max(total, 1), 0)
            }
          }
          bar?.update(done)
        },
      })
      endStep()
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
      const table = this.ui.table()
      table.head(['What', 'Value'])
      table.row(['Version', run.version])
      table.row(['Engine (for_you)', run.engine])
      table.row(['Users / movies / ratings', `${run.users} / ${run.items} / ${run.ratings}`])
      table.row(['Training (worker)', `${(run.trainingMs / 1000).toFixed(2)} s`])
      table.row(['Total (load, train, save)', `${(run.totalMs / 1000).toFixed(2)} s`])
      table.row(['Stored artifact', mb(run.sizeBytes)])
      table.row(['Memory of the loaded model', mb(run.memoryBytes)])
      table.render()
      this.logger.success(`Model ${run.version} is in service`)
    } catch (error) {
      endStep()
      this.exitCode = 1
      if (error instanceof TrainingInProgressError || error instanceof NothingToTrainError) {
        this.logger.error(error.message)
        return
      }
      this.logger.error(`Training failed; the previous model stays in service. ${(error as Error).message}`)
      this.error = error
    }
  }
}
