import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parse, type CsvError, type Options as CsvOptions } from 'csv-parse'
import { from as copyFrom } from 'pg-copy-streams'
import type pg from 'pg'

/**
 * Streaming CSV → PostgreSQL COPY: csv-parse validates and reshapes each
 * record into a COPY text line, lines are batched into ~64 KB chunks and
 * written to `COPY … FROM STDIN` with backpressure, so memory stays flat
 * whatever the file size.
 */

/** What a row converter returns: a COPY text line, or why the row is skipped. */
export type RowResult = string | { skip: string }

export interface CsvCopyOptions {
  client: pg.Client
  path: string
  /** `COPY table (cols) FROM STDIN` (text format). */
  copySql: string
  /** Number of columns every data row must have. */
  columns: number
  /** Converts one record (already checked for its column count); `line` is 1-based in the file. */
  toLine: (record: string[], line: number) => RowResult
  onSkip: (reason: string, line: number) => void
  onProgress?: (bytesRead: number, rows: number) => void
}

export interface CsvCopyResult {
  /** Data rows read (excluding the header). */
  rows: number
  /** Rows written to the staging table. */
  copied: number
}

const PROGRESS_EVERY_ROWS = 5000
const CHUNK_BYTES = 64 * 1024

const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
}

/** Escapes a value for COPY's text format (`\N` is NULL). */
export function copyText(value: string | null): string {
  if (value === null) return '\\N'
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char]) : value
}

/**
 * Reads the header line of a CSV file (BOM and CR stripped) without reading
 * the rest, so headers can be checked before anything is written.
 */
export async function readCsvHeader(path: string): Promise<string[]> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(4096)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    let text = buffer.subarray(0, bytesRead).toString('utf8')
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    const newline = text.indexOf('\n')
    const line = (newline === -1 ? text : text.slice(0, newline)).replace(/\r$/, '')
    return line.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'))
  } finally {
    await handle.close()
  }
}

/** Joins COPY lines into ~64 KB buffers: far fewer writes to the socket. */
class LineBatcher extends Transform {
  #parts: string[] = []
  #size = 0

  constructor() {
    super({ writableObjectMode: true })
  }

  _transform(line: string, _encoding: BufferEncoding, callback: TransformCallback) {
    this.#parts.push(line)
    this.#size += line.length
    if (this.#size >= CHUNK_BYTES) this.#flushParts()
    callback()
  }

  _flush(callback: TransformCallback) {
    this.#flushParts()
    callback()
  }

  #flushParts() {
    if (this.#parts.length === 0) return
    this.push(this.#parts.join(''), 'utf8')
    this.#parts = []
    this.#size = 0
  }
}

export async function copyCsvFile(options: CsvCopyOptions): Promise<CsvCopyResult> {
  let rows = 0
  let copied = 0
  const file = createReadStream(options.path, { highWaterMark: 256 * 1024 })

  // on_record turns string[] records into COPY lines (Options<string, string[]>).
  const parserOptions: CsvOptions<string, string[]> = {
    bom: true,
    from_line: 2,
    skip_empty_lines: true,
    relax_column_count: true,
    // A malformed record (bad quoting) is reported and skipped, not fatal.
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      rows++
      const line = typeof error?.lines === 'number' ? error.lines : 0
      // csv-parse messages end with position details; the line is reported separately.
      const kind = error?.message.split(':')[0] ?? 'unreadable record'
      options.onSkip(`malformed CSV (${kind})`, line)
      return undefined
    },
    on_record: (record: string[], context) => {
      rows++
      if (options.onProgress && rows % PROGRESS_EVERY_ROWS === 0) {
        options.onProgress(file.bytesRead, rows)
      }
      if (record.length !== options.columns) {
        options.onSkip(`expected ${options.columns} columns, found ${record.length}`, context.lines)
        return null
      }
      const result = options.toLine(record, context.lines)
      if (typeof result !== 'string') {
        options.onSkip(result.skip, context.lines)
        return null
      }
      copied++
      return result
    },
  }
  // The overloads only model parsers that emit records; ours emits strings.
  const parser = parse(parserOptions as unknown as CsvOptions)

  const copy = options.client.query(copyFrom(options.copySql))
  await pipeline(file, parser, new LineBatcher(), copy)
  options.onProgress?.(file.bytesRead, rows)
  return { rows, copied }
}
