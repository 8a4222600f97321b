import type { ApplicationService } from '@adonisjs/core/types'
import QueueManager from '#jobs/queue/queue_manager'

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    queue: QueueManager
  }
}

export default class QueueProvider {
  #manager?: QueueManager

  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('queue', async () => {
      // Read when the binding is first resolved, after boot: config files read env, set up during boot.
      const { default: config } = await import('#config/queue')
      this.#manager = new QueueManager(config)
      return this.#manager
    })
  }

  /** Closing Redis sockets is what lets servers, workers and tests exit. */
  async shutdown() {
    await this.#manager?.close()
  }
}
