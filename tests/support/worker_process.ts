import { spawn, type ChildProcess } from 'node:child_process'
import app from '@adonisjs/core/services/app'

/**
 * `node ace queue:work` as a child process with this run's environment (plus
 * overrides), for tests that kill a worker the way an orchestrator or the
 * OOM killer does.
 */
export class WorkerProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly output: string[]
  ) {}

  static async start(queues: string[], env: Record<string, string> = {}): Promise<WorkerProcess> {
    const output: string[] = []
    const child = spawn(process.execPath, ['ace.js', 'queue:work', '--queues', queues.join(',')], {
      cwd: app.makePath(),
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.on('data', (chunk) => output.push(String(chunk)))
    child.stderr?.on('data', (chunk) => output.push(String(chunk)))
    child.unref()
    process.once('exit', () => child.kill('SIGKILL'))
    const worker = new WorkerProcess(child, output)
    const deadline = Date.now() + 60_000
    while (!worker.logs().includes('Working on queues')) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL')
        throw new Error(`queue:work did not start:\n${worker.logs().slice(-4000)}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return worker
  }

  logs() {
    return this.output.join('')
  }

  /** SIGKILL: no chance to finish or release the current job. */
  kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve())
      this.child.kill('SIGKILL')
    })
  }
}
