import net from 'node:net'
import { freePort } from '#tests/support/redis_server'

/**
 * A TCP forwarder a test can cut and restore: an app process pointed at it
 * loses its database (or Redis) exactly as when the server stops — open
 * connections are reset and new ones refused — without touching the real
 * server that other runs share.
 */
export class TcpProxy {
  #server?: net.Server
  #sockets = new Set<net.Socket>()

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number }
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target)
    await proxy.restore()
    return proxy
  }

  /** Accepts and forwards connections again, on the same port. */
  restore(): Promise<void> {
    if (this.#server) return Promise.resolve()
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host)
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.once('close', () => this.#sockets.delete(socket))
        socket.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream).pipe(client)
    })
    this.#server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
  }

  /** Resets every open connection and refuses new ones. */
  cut(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    for (const socket of this.#sockets) socket.resetAndDestroy()
    this.#sockets.clear()
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()))
  }
}
