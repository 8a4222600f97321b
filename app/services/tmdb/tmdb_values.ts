import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { TmdbGenre, TmdbKeyword } from '#services/tmdb/types'

/*
| What the movie and series upserts share: tolerant readers of TMDB values,
| and upserts into the tables both use (genres, keywords, people).
*/

export interface PersonRow {
  tmdb_id: number
  name: string
  profile_path: string | null
  known_for_department: string | null
}

/**
 * Upserts TMDB genres; returns the ids now stored. Genre ids are TMDB's: a
 * known id keeps its name. No conflict target, so a name already taken under
 * another id is skipped too; such an id is then left out rather than
 * failing the whole sync.
 */
export async function upsertGenres(genres: TmdbGenre[], client: TransactionClientContract): Promise<number[]> {
  const rows = byId(uniqueBy(genres, (genre) => genre.id)).map((genre) => ({
    id: genre.id,
    name: clip(genre.name, 64) ?? String(genre.id),
  }))
  if (!rows.length) return []
  await client.insertQuery().table('genres').multiInsert(rows).onConflict().ignore()
  const known = await client
    .from('genres')
    .whereIn(
      'id',
      rows.map((row) => row.id)
    )
    .select('id')
  return known.map((row: { id: number }) => row.id)
}

/** Upserts TMDB keywords (names follow TMDB); returns their ids. */
export async function upsertKeywords(keywords: TmdbKeyword[], client: TransactionClientContract): Promise<number[]> {
  const rows = byId(uniqueBy(keywords, (keyword) => keyword.id)).map((keyword) => ({
    id: keyword.id,
    name: clip(keyword.name, 255) ?? String(keyword.id),
  }))
  if (!rows.length) return []
  await client.insertQuery().table('keywords').multiInsert(rows).onConflict('id').merge(['name'])
  return rows.map((row) => row.id)
}

/**
 * One statement for all of a title's people, keyed by TMDB person id. A
 * missing profile path or department does not erase a known one.
 */
export async function upsertPeople(people: PersonRow[], client: TransactionClientContract) {
  const ids = new Map<number, number>()
  if (!people.length) return ids
  const result = await client.rawQuery(
    `INSERT INTO people (tmdb_id, name, profile_path, known_for_department)
     SELECT tmdb_id, name, profile_path, known_for_department
       FROM jsonb_to_recordset(?::jsonb)
         AS p(tmdb_id int, name text, profile_path text, known_for_department text)
     ON CONFLICT (tmdb_id) DO UPDATE SET
       name = EXCLUDED.name,
       profile_path = COALESCE(EXCLUDED.profile_path, people.profile_path),
       known_for_department = COALESCE(EXCLUDED.known_for_department, people.known_for_department),
       updated_at = now()
     RETURNING id, tmdb_id`,
    [JSON.stringify(people)]
  )
  for (const row of result.rows as { id: number; tmdb_id: number }[]) ids.set(row.tmdb_id, row.id)
  return ids
}

export function normaliseImdbId(value: string | null | undefined) {
  const trimmed = value?.trim()
  return trimmed && /^tt\d{1,14}$/.test(trimmed) ? trimmed : null
}

export function parseDate(value: string | null | undefined) {
  if (!value) return null
  const date = DateTime.fromISO(value.slice(0, 10), { zone: 'utc' })
  return date.isValid ? date : null
}

export function text(value: string | null | undefined) {
  const trimmed = value?.trim()
  return trimmed ? trimmed : null
}

export function clip(value: string | null | undefined, max: number) {
  const trimmed = text(value)
  return trimmed ? trimmed.slice(0, max) : null
}

export function positive(value: number | null | undefined) {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null
}

export function finite(value: number | null | undefined) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/**
 * Concurrent syncs upsert overlapping genres, keywords and people; inserting
 * them in id order makes every transaction lock rows in the same order, so
 * two syncs wait for each other instead of deadlocking.
 */
export function byId<T extends { id: number }>(items: T[]) {
  return [...items].sort((a, b) => a.id - b.id)
}

export function uniqueBy<T>(items: T[], key: (item: T) => unknown) {
  const seen = new Set<unknown>()
  return items.filter((item) => {
    const value = key(item)
    if (seen.has(value)) return false
    seen.add(value)
    return true
  })
}

export function snakeCase(key: string) {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}
