import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class RecommenderEvaluate extends BaseCommand {
  static commandName = 'recommender:evaluate'
  static description = 'Offline evaluation of every recommender model on a per-user temporal hold-out'
  static help = [
    'Hides the last 20 % of each user\'s ratings (by time), trains every model on the rest and prints',
    'Precision/Recall/NDCG@10, catalogue coverage and novelty (relevant = held-out rating >= 3.5),',
    'plus RMSE of the rating predictor. Nothing is written; run it before shipping a change:',
    '  {{ binaryName }} recommender:evaluate',
    '  {{ binaryName }} recommender:evaluate --only=ease,for_you --set ease.lambda=300 --set blend.easeShare=0.6',
  ]
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'List length (default 10)' })
  declare k?: number

  @flags.array({ description: 'Only models whose name contains one of these (e.g. ease,for_you)' })
  declare only?: string[]

  @flags.array({ description: 'Config override path=value, e.g. ease.lambda=300 (repeatable)' })
  declare set?: string[]

  @flags.boolean({ description: 'Print the report as JSON' })
  declare json?: boolean

  async run() {
    const { loadTrainingData } = await import('#services/recommender/data_loader')
    const { evaluate } = await import('#services/recommender/evaluation')
    const { parseOverrides, ConfigOverrideError } = await import('#services/recommender/config_overrides')
    const { resolveConfig } = await import('#services/recommender/config')

    let config
    try {
      config = resolveConfig(parseOverrides(this.set ?? []))
    } catch (error) {
      if (error instanceof ConfigOverrideError) {
        this.logger.error(error.message)
        this.exitCode = 1
        return
      }
      throw error
    }

    const data = await loadTrainingData()
    if (data.ratingValue.length === 0) {
      this.logger.error(
        'There are no ratings to evaluate on. Import some first, e.g. `node ace movielens:import ../shared/data/ml-latest-small`.'
      )
      this.exitCode = 1
      return
    }
    this.logger.info(
      `Evaluating on ${data.ratingValue.length.toLocaleString('en-US')} ratings of ${data.userIds.length} users and ${data.itemIds.length} movies`
    )

    let lastStep = ''
    const report = evaluate(data, config, {
      k: this.k,
      only: (this.only ?? []).flatMap((value) => value.split(',')).filter(Boolean),
      progress: (step) => {
        if (step !== lastStep && !this.json) {
          lastStep = step
          this.logger.log(this.colors.dim(`  ${step}…`))
        }
      },
    })

    await this.recordOnLatestModel(report)

    if (this.json) {
      this.logger.log(JSON.stringify(report, null, 2))
      return
    }
    const table = this.ui.table()
    table.head(['Model', `P@${report.k}`, `R@${report.k}`, `NDCG@${report.k}`, `Coverage@${report.k}`, 'Novelty', 'ms/user', 'What'])
    for (const row of report.ranking) {
      table.row([
        row.model,
        row.precision.toFixed(4),
        row.recall.toFixed(4),
        row.ndcg.toFixed(4),
        row.coverage.toFixed(4),
        row.novelty.toFixed(2),
        row.msPerUser.toFixed(2),
        row.description,
      ])
    }
    table.render()
    const errors = this.ui.table()
    errors.head(['Rating prediction', 'RMSE', 'Predictions'])
    for (const row of report.rmse) errors.row([row.model, row.rmse.toFixed(4), String(row.predictions)])
    errors.render()
    this.logger.info(
      `${report.users} users with a liked held-out movie; ${report.trainRatings} training / ${report.testRatings} held-out ratings ` +
        `(${report.relevantTest} liked); ${report.items} movies. Training took ${(report.trainingMs.likedOnly / 1000).toFixed(1)} s ` +
        `(likes) and ${(report.trainingMs.allRatings / 1000).toFixed(1)} s (all ratings).`
    )
  }

  /**
   * Keeps the headline figures on the newest ready model, where the admin
   * dashboard shows them beside the last training.
   */
  private async recordOnLatestModel(report: Awaited<ReturnType<typeof import('#services/recommender/evaluation').evaluate>>) {
    const { default: RecommenderModel } = await import('#models/recommender_model')
    const latest = await RecommenderModel.query().apply((scopes) => scopes.ready()).first()
    const shipped = report.ranking.find((row) => row.model === 'for_you')
    if (!latest || !shipped) return
    const bestRmse = [...report.rmse].sort((a, b) => a.rmse - b.rmse)[0]
    latest.config = {
      ...latest.config,
      evaluation: {
        [`for_you NDCG@${report.k}`]: shipped.ndcg.toFixed(4),
        [`for_you Precision@${report.k}`]: shipped.precision.toFixed(4),
        [`for_you Recall@${report.k}`]: shipped.recall.toFixed(4),
        [`for_you Coverage@${report.k}`]: shipped.coverage.toFixed(4),
        ...(bestRmse ? { [`RMSE (${bestRmse.model})`]: bestRmse.rmse.toFixed(4) } : {}),
        evaluated_at: new Date().toISOString(),
      },
    }
    await latest.save()
  }
}
