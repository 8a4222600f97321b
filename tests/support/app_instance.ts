import { spawn, type ChildProcess } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import { freePort } from '#tests/support/redis_server'

/**
 * A second app process (bin/server.ts) on its own port, sharing this run's
 * database, Redis and Transmit transport: for proving that what one process
 * broadcasts reaches streams opened on another.
 */
export class AppInstance {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly output: string[]
  ) {}

  /** `env` overrides this run's environment (e.g. DATABASE_URL through a proxy the test can cut). */
  static async start(env: Record<string, string> = {}): Promise<AppInstance> {
    const port = await freePort()
    const output: string[] = []
    const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
      cwd: app.makePath(),
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.on('data', (chunk) => output.push(String(chunk)))
    child.stderr?.on('data', (chunk) => output.push(String(chunk)))
    child.unref()
    process.once('exit', () => child.kill('SIGKILL'))
    const instance = new AppInstance(`http://127.0.0.1:${port}`, child, output)
    await instance.waitUntilHealthy()
    return instance
  }

  /** What the process wrote to stdout/stderr so far (JSON log lines). */
  logs(): string {
    return this.output.join('')
  }

  private async waitUntilHealthy(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) break
      try {
        const response = await fetch(`${this.url}/health`)
        await response.arrayBuffer()
        if (response.status === 200) return
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    await this.stop()
    throw new Error(`The second app instance did not become healthy:\n${this.output.join('').slice(-4000)}`)
  }

  /**
   * SIGTERM, as an orchestrator stops it; SIGKILL after 10 s. Resolves with
   * how it ended, so a test can tell a graceful exit from a killed one.
   */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return { code: this.child.exitCode, signal: this.child.signalCode }
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
      this.child.once('exit', (code, signal) => {
        clearTimeout(timer)
        resolve({ code, signal })
      })
      this.child.kill('SIGTERM')
    })
  }
}
