import yauzl from 'yauzl'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import { eventually } from '#tests/functional/engagement/helpers'

/** The files of a ZIP, by name, as UTF-8 text. */
export function readZip(buffer: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error)
      const files = new Map<string, string>()
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError)
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'))
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(files))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}

/** Japa's client decodes unknown types as text; a ZIP must stay bytes. */
export function downloadExport(client: ApiClient, url: string, user?: User) {
  const request = client.get(url)
  const collectBytes = (res: NodeJS.ReadableStream, callback: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = []
    res.on('data', (chunk: Buffer) => chunks.push(chunk))
    res.on('end', () => callback(null, Buffer.concat(chunks)))
  }
  // superagent hands the parser its response, which is the readable stream.
  request.request.parse(collectBytes as unknown as Parameters<typeof request.request.parse>[0])
  return user ? request.loginAs(user) : request
}

export async function exportReady(client: ApiClient, user: User, exportId: number) {
  return eventually(async () => {
    const body = (await client.get(`/api/v1/me/export/${exportId}`).loginAs(user)).body()
    return body.status === 'ready' || body.status === 'failed' ? body : null
  })
}
