import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class RecommenderEvaluate extends BaseCommand {
  static commandName = 'recommender:evaluate'
  static description = 'Offline evaluation of every recommender model on per-user and global temporal hold-outs, plus cold start'
  static help = [
    'Two hold-outs, each trained on its own training part: per user (each user\'s last 20 % of ratings',
    'by time) and global (every rating after the cut-off time of the newest 20 %). Prints',
    'Precision/Recall/NDCG@10, catalogue coverage and novelty (relevant = held-out rating >= 3.5) and',
    'the RMSE of the rating predictor for both, then NDCG@10 of new users folded in with only their',
    'first 1, 3 and 5 ratings against popularity. Tune with --validation (the same rules applied to',
    'the training part), and read the test figures only to confirm. Nothing is written but the',
    'headline figures on the newest model:',
    '  {{ binaryName }} recommender:evaluate',
    '  {{ binaryName }} recommender:evaluate --validation --rules=user --cold-start=',
    '  {{ binaryName }} recommender:evaluate --only=ease,for_you --set ease.lambda=300 --set blend.easeShare=0.6',
  ]
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'List length (default 10)' })
  declare k?: number

  @flags.array({ description: 'Only models whose name contains one of these (e.g. ease,for_you)' })
  declare only?: string[]

  @flags.array({ description: 'Config override path=value, e.g. ease.lambda=300 (repeatable)' })
  declare set?: string[]

  @flags.boolean({ description: 'Evaluate on validation splits carved from the training parts (for tuning)' })
  declare validation?: boolean

  @flags.array({ description: 'Hold-out rules: user, global (default both)' })
  declare rules?: string[]

  @flags.array({ description: 'Cold-start bucket sizes in ratings (default 1,3,5; empty to skip)' })
  declare coldStart?: string[]

  @flags.boolean({ description: 'Print the report as JSON' })
  declare json?: boolean

  async run() {
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
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

    const { SPLIT_RULES } = await import('#services/recommender/dataset')
    const rules = (this.rules ?? []).flatMap((value) => value.split(',')).filter(Boolean)
    const unknownRule = rules.find((rule) => !(SPLIT_RULES as readonly string[]).includes(rule))
    const coldStart = this.coldStart?.flatMap((value) => value.split(',')).filter(Boolean).map(Number)
    if (unknownRule || coldStart?.some((size) => !Number.isInteger(size) || size < 1)) {
      this.logger.error(
        unknownRule ? `Unknown rule "${unknownRule}" (use ${SPLIT_RULES.join(', ')})` : '--cold-start takes positive whole numbers'
      )
      this.exitCode = 1
      return
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
      validation: this.validation === true,
      rules: rules.length ? (rules as ('user' | 'global')[]) : undefined,
      coldStart,
      progress: (step) => {
        if (step !== lastStep && !this.json) {
          lastStep = step
          this.logger.log(this.colors.dim(`  ${step}…`))
        }
      },
    })

    // Validation figures are for tuning; only test figures describe the shipped model.
    if (report.stage === 'test') await this.recordOnLatestModel(report)

    if (this.json) {
      this.logger.log(JSON.stringify(report, null, 2))
      return
    }
    const stage = report.stage === 'validation' ? ' (VALIDATION split of the training part)' : ''
    this.#printSplit(`Per-user temporal hold-out (last 20 % of each user)${stage}`, report, report.k)
    if (report.global) this.#printSplit(`Global temporal hold-out (newest 20 % of all ratings)${stage}`, report.global, report.k)
    if (report.coldStart?.length) {
      this.logger.log(`\nCold start${stage}: ${report.coldStart[0].users} users left out of training, folded in with their first n ratings`)
      const models = report.coldStart[0].ranking.map((row) => row.model)
      const table = this.ui.table()
      table.head(['Ratings', ...models.map((model) => `${model} NDCG@${report.k}`), 'Users'])
      for (const bucket of report.coldStart) {
        table.row([String(bucket.ratings), ...bucket.ranking.map((row) => row.ndcg.toFixed(4)), String(bucket.users)])
      }
      table.render()
    }
  }

  #printSplit(title: string, report: import('#services/recommender/evaluation').SplitReport, k: number) {
    this.logger.log(`\n${title}`)
    const table = this.ui.table()
    table.head(['Model', `P@${k}`, `R@${k}`, `NDCG@${k}`, `Coverage@${k}`, 'Novelty', 'ms/user', 'What'])
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
    if (report.rmse.length) {
      const errors = this.ui.table()
      errors.head(['Rating prediction', 'RMSE', 'Predictions'])
      for (const row of report.rmse) errors.row([row.model, row.rmse.toFixed(4), String(row.predictions)])
      errors.render()
    }
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
