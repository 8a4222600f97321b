import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import net from 'node:net'

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.write('PING\r\n')
    })
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG'))
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * A throwaway redis-server of the test run's own (no persistence), which a
 * test may stop and start again on the same port: Transmit's transport uses
 * it, so "Redis restarts" can be tested without touching the Redis that the
 * queues and caches of this run (and of other runs) share.
 */
export class DisposableRedis {
  #child?: ChildProcess

  private constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`
  }

  static available() {
    return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
  }

  static async start(): Promise<DisposableRedis> {
    const server = new DisposableRedis(await freePort())
    await server.startProcess()
    return server
  }

  async startProcess() {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: 'ignore' }
    )
    this.#child = child
    // Never keep the test process alive, never outlive it.
    child.unref()
    process.once('exit', () => child.kill('SIGKILL'))
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await answers(this.port)) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`redis-server did not answer on port ${this.port}`)
  }

  /** Whether it answers PING now. */
  isRunning() {
    return answers(this.port)
  }

  /** Stops the server (like a crash: no save) and waits until the port is closed. */
  async stop() {
    const child = this.#child
    this.#child = undefined
    if (!child || child.exitCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
  }
}

let transmitRedis: DisposableRedis | undefined

/**
 * Started by bin/test.ts before the app boots (config/transmit.ts reads
 * TRANSMIT_REDIS_URL once); undefined when redis-server is not installed.
 */
export async function startTransmitRedis(): Promise<DisposableRedis | undefined> {
  if (process.env.TRANSMIT_REDIS_URL || !DisposableRedis.available()) return undefined
  transmitRedis = await DisposableRedis.start()
  process.env.TRANSMIT_REDIS_URL = transmitRedis.url
  return transmitRedis
}

/** The run's own Transmit Redis, for tests that restart it. */
export function transmitRedisServer(): DisposableRedis {
  if (!transmitRedis) {
    throw new Error('Transmit has no redis-server of its own in this run: install redis-server (Debian package redis-server) and unset TRANSMIT_REDIS_URL')
  }
  return transmitRedis
}
