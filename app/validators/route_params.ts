/**
 * Route parameter matchers for ids. A number larger than its column can
 * hold names no row, so it must not match the route (404 like any unknown
 * id) rather than reach PostgreSQL and fail there (a 500 "out of range").
 */
import type { RouteMatcher } from '@adonisjs/core/types/http'

/** A regular expression for the decimal integers 1..max (and 0 when asked), without leading zeros. */
export function integersUpTo(max: number, { allowZero = false } = {}): RegExp {
  const digits = String(max)
  const alternatives = [digits]
  if (allowZero) alternatives.push('0')
  // Every number with fewer digits.
  if (digits.length > 1) alternatives.push(`[1-9]\\d{0,${digits.length - 2}}`)
  // Same length: equal to max up to position i, then a smaller digit, then anything.
  for (let i = 0; i < digits.length; i++) {
    const low = i === 0 ? 1 : 0
    const high = Number(digits[i]) - 1
    if (high >= low) alternatives.push(`${digits.slice(0, i)}[${low}-${high}]\\d{${digits.length - i - 1}}`)
  }
  return new RegExp(`^(?:${alternatives.join('|')})$`)
}

const numeric = (match: RegExp): RouteMatcher => ({ match, cast: (value: string) => Number(value) })

/** Ids of `increments` (integer) columns. */
export const id = numeric(integersUpTo(2_147_483_647))
/** Ids of `bigIncrements` columns, as far as JavaScript numbers are exact. */
export const bigId = numeric(integersUpTo(Number.MAX_SAFE_INTEGER))
/** Season and episode numbers (smallint; season 0 holds the specials). */
export const smallNumber = numeric(integersUpTo(32_767, { allowZero: true }))

/** The range each id matcher accepts, by its pattern (the OpenAPI generator documents it). */
export const ID_RANGES = new Map<string, { minimum: number; maximum: number }>([
  [id.match!.source, { minimum: 1, maximum: 2_147_483_647 }],
  [bigId.match!.source, { minimum: 1, maximum: Number.MAX_SAFE_INTEGER }],
  [smallNumber.match!.source, { minimum: 0, maximum: 32_767 }],
])
