import type { DateTime } from 'luxon'

/**
 * Rows affected by a Lucid update/delete: pg reports a number, Lucid wraps
 * it in an array for some builders.
 */
export function affectedRows(result: unknown): number {
  if (Array.isArray(result)) return Number(result[0] ?? 0)
  return Number(result ?? 0)
}

/** ISO 8601 UTC for a timestamp from Lucid (DateTime) or a raw row (Date/string). */
export function toIso(value: DateTime | Date | string): string {
  if (typeof value === 'string') return new Date(value).toISOString()
  if (value instanceof Date) return value.toISOString()
  return value.toUTC().toISO()!
}

/**
 * The total of a page read with `count(*) OVER () AS total`: the first
 * row's window count, or — past the last page, where no row carries it —
 * `countAll()`.
 */
export async function windowTotal(
  rows: { total: string | number }[],
  countAll: () => Promise<string | number | null | undefined>
): Promise<number> {
  return Number(rows.length ? rows[0].total : ((await countAll()) ?? 0))
}
