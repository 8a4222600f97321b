import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { QueueName } from '#config/queue'

export default class QueueWork extends BaseCommand {
  static commandName = 'queue:work'
  static description = 'Run BullMQ workers (all queues unless --queues is given)'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.array({ description: 'Queues to work on (metadata, mail, notifications, ml, imports)' })
  declare queues?: string[]

  async run() {
    // Imported here, not at the top: ace imports every command to list them, before the app boots.
    const { default: queueConfig } = await import('#config/queue')
    const { startWorkers } = await import('#jobs/queue/workers')
    const { watchSchedules } = await import('#jobs/queue/schedules')

    const requested = (this.queues ?? []).flatMap((value) => value.split(',')).filter(Boolean)
    const unknown = requested.filter((name) => !queueConfig.queues.includes(name as QueueName))
    if (unknown.length) {
      this.logger.error(
        `Unknown queue(s): ${unknown.join(', ')}. Known queues: ${queueConfig.queues.join(', ')}`
      )
      this.exitCode = 1
      return this.terminate()
    }
    const names = (requested.length ? requested : queueConfig.queues) as QueueName[]

    // Registered now, and again whenever Redis lost them (restart, flush).
    const stopWatching = await watchSchedules()
    startWorkers(names)
    this.logger.info(`Working on queues: ${names.join(', ')}`)

    // A model from the start: with ratings and no model, the first training is queued now, not at 03:30.
    const { queueFirstModel } = await import('#services/recommender/training_schedule')
    const first = await queueFirstModel().catch((error: Error) => {
      this.logger.warning(`Cannot check for a recommender model: ${error.message}`)
      return null
    })
    if (first?.queued) this.logger.info('No recommender model yet: the first training is queued on the ml queue.')

    // Graceful shutdown: the queue provider closes the workers, which lets
    // each finish its current job before the process exits.
    this.app.terminating(() => {
      stopWatching()
      this.logger.info('Stopping workers after their current jobs…')
    })
  }
}
