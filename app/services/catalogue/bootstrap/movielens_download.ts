import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { access, mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import yauzl from 'yauzl'

/** A checksum to verify a download against: `md5:<hex>` or `sha256:<hex>`. */
export interface Checksum {
  algorithm: 'md5' | 'sha256'
  hex: string
}

export class DownloadError extends Error {}

/** Parses `sha256:<hex>` / `md5:<hex>` (a bare 32/64-digit hex picks the algorithm by length). */
export function parseChecksum(value: string): Checksum {
  const match = value.trim().match(/^(?:(md5|sha256):)?([0-9a-f]+)$/i)
  const hex = match?.[2].toLowerCase()
  const algorithm = (match?.[1]?.toLowerCase() ??
    (hex?.length === 32 ? 'md5' : hex?.length === 64 ? 'sha256' : undefined)) as Checksum['algorithm'] | undefined
  if (!hex || !algorithm || hex.length !== (algorithm === 'md5' ? 32 : 64)) {
    throw new DownloadError(`Not a checksum: ${JSON.stringify(value)} (expected sha256:<64 hex digits> or md5:<32 hex digits>)`)
  }
  return { algorithm, hex }
}

/**
 * GroupLens publishes `<zip>.md5` beside each archive ("MD5 (file) = <hex>"
 * or just the hex): the checksum used when none is given.
 */
export async function publishedChecksum(url: string): Promise<Checksum> {
  let response: Response
  try {
    response = await fetch(`${url}.md5`)
  } catch (error) {
    throw new DownloadError(`Cannot fetch ${url}.md5 to verify the download: ${(error as Error).message}`)
  }
  const text = await response.text()
  const hex = text.match(/\b[0-9a-f]{32}\b/i)?.[0]
  if (!response.ok || !hex) {
    throw new DownloadError(
      `No checksum published at ${url}.md5 (HTTP ${response.status}): pass --checksum sha256:<hex> to verify the download.`
    )
  }
  return { algorithm: 'md5', hex: hex.toLowerCase() }
}

async function fileDigest(path: string, algorithm: Checksum['algorithm']) {
  const hash = createHash(algorithm)
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false
  )

export interface DownloadProgress {
  start(totalBytes: number): void
  update(bytes: number): void
  stop(): void
}

/**
 * Downloads `url` to `<dir>/<file name>` with progress, verifying the
 * checksum while streaming; a file already there that verifies is kept
 * (a re-run does not download again). Writes to `.part` first, so an
 * interrupted download never looks complete.
 */
export async function downloadVerified(
  url: string,
  dir: string,
  checksum: Checksum,
  progress?: DownloadProgress
): Promise<{ path: string; downloaded: boolean; bytes: number }> {
  const name = basename(new URL(url).pathname) || 'download.zip'
  const path = join(dir, name)
  await mkdir(dir, { recursive: true })
  if ((await exists(path)) && (await fileDigest(path, checksum.algorithm)) === checksum.hex) {
    return { path, downloaded: false, bytes: (await stat(path)).size }
  }

  let response: Response
  try {
    response = await fetch(url)
  } catch (error) {
    throw new DownloadError(`Cannot download ${url}: ${(error as Error).message}`)
  }
  if (!response.ok || !response.body) throw new DownloadError(`Cannot download ${url}: HTTP ${response.status}`)
  const total = Number(response.headers.get('content-length') ?? 0)
  const hash = createHash(checksum.algorithm)
  const partial = `${path}.part`
  const output = createWriteStream(partial)
  let bytes = 0
  progress?.start(total)
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      hash.update(chunk)
      bytes += chunk.byteLength
      if (!output.write(chunk)) await once(output, 'drain')
      progress?.update(bytes)
    }
    output.end()
    await once(output, 'close')
  } finally {
    progress?.stop()
    if (!output.closed) output.destroy()
  }
  const digest = hash.digest('hex')
  if (digest !== checksum.hex) {
    await rm(partial, { force: true })
    throw new DownloadError(
      `Checksum mismatch for ${url}: expected ${checksum.algorithm} ${checksum.hex}, got ${digest}. The file was discarded.`
    )
  }
  await rename(partial, path)
  return { path, downloaded: true, bytes }
}

/**
 * Extracts a zip into `into` (entries escaping it are refused) and returns
 * the directory that holds movies.csv.
 */
export async function extractMovieLensZip(zipPath: string, into: string): Promise<string> {
  const root = resolve(into)
  await rm(root, { recursive: true, force: true })
  await mkdir(root, { recursive: true })
  const zip = await new Promise<yauzl.ZipFile>((resolvePromise, reject) =>
    yauzl.open(zipPath, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolvePromise(file)))
  )
  await new Promise<void>((resolvePromise, reject) => {
    zip.on('error', reject)
    zip.on('end', () => resolvePromise())
    zip.on('entry', (entry: yauzl.Entry) => {
      const target = resolve(root, entry.fileName)
      if (target !== root && !target.startsWith(root + sep)) {
        zip.close()
        return reject(new DownloadError(`Refusing zip entry outside the target directory: ${entry.fileName}`))
      }
      if (entry.fileName.endsWith('/')) {
        mkdir(target, { recursive: true }).then(() => zip.readEntry(), reject)
        return
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error)
        mkdir(dirname(target), { recursive: true })
          .then(() => pipeline(stream, createWriteStream(target)))
          .then(() => zip.readEntry(), reject)
      })
    })
    zip.readEntry()
  })
  const found = await findMoviesCsv(root, 3)
  if (!found) throw new DownloadError(`The archive ${zipPath} holds no movies.csv: is it a MovieLens dump?`)
  return found
}

async function findMoviesCsv(dir: string, depth: number): Promise<string | null> {
  const entries = await readdir(dir, { withFileTypes: true })
  if (entries.some((entry) => entry.isFile() && entry.name === 'movies.csv')) return dir
  if (depth === 0) return null
  for (const entry of entries) {
    if (!entry.isDirectory()) continue
    const found = await findMoviesCsv(join(dir, entry.name), depth - 1)
    if (found) return found
  }
  return null
}
