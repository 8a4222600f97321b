import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { TmdbCastMember } from '#services/tmdb/types'
import type { TitleKind } from '#services/catalogue/title_kinds'
import { clip, uniqueBy, type PersonRow } from '#services/tmdb/tmdb_values'

/*
| The billed cast as movies and series keep it (movie_upsert.ts,
| series_upsert.ts): the first CAST_LIMIT by TMDB's order, replaced only
| when it differs. The kind (title_kinds.ts) names the cast table and key.
*/

/** How many billed cast members a title keeps. */
export const CAST_LIMIT = 20

/** A cast row before its person id is known: TMDB person → character, order. */
export interface CastRow {
  personId: number
  character: string | null
  order: number
}

/** TMDB's billed cast: the first CAST_LIMIT by their order. */
export function billedCast(cast: TmdbCastMember[]): TmdbCastMember[] {
  return [...cast].sort((a, b) => a.order - b.order).slice(0, CAST_LIMIT)
}

/** A TMDB person as a people row (cast and crew members alike). */
export function personRow(member: {
  id: number
  name?: string | null
  profile_path?: string | null
  known_for_department?: string | null
}): PersonRow {
  return {
    tmdb_id: member.id,
    name: clip(member.name, 255) ?? `TMDB person ${member.id}`,
    profile_path: clip(member.profile_path, 255),
    known_for_department: clip(member.known_for_department, 64),
  }
}

/** The billed cast as rows, once per person and character. */
export function castRows(billed: TmdbCastMember[], personIds: Map<number, number>): CastRow[] {
  return uniqueBy(
    billed.map((member) => ({
      personId: personIds.get(member.id)!,
      character: clip(member.character, 500),
      order: member.order,
    })),
    (row) => `${row.personId}|${row.character ?? ''}`
  )
}

const signature = (rows: CastRow[]) =>
  rows
    .map((row) => `${row.personId}|${row.character ?? ''}|${row.order}`)
    .sort()
    .join('\n')

/** Replaces the title's cast with `rows` when it differs; returns whether it changed. */
export async function replaceCast(kind: TitleKind, titleId: number, rows: CastRow[], client: TransactionClientContract) {
  const current: { person_id: number; character: string | null; order: number }[] = await client
    .from(kind.cast)
    .where(kind.key, titleId)
    .select('person_id', 'character', 'order')
  const before = current.map((row) => ({ personId: row.person_id, character: row.character, order: row.order }))
  if (signature(before) === signature(rows)) return false
  await client.from(kind.cast).where(kind.key, titleId).delete()
  if (rows.length) {
    await client
      .insertQuery()
      .table(kind.cast)
      .multiInsert(rows.map((row) => ({ [kind.key]: titleId, person_id: row.personId, character: row.character, order: row.order })))
  }
  return true
}
