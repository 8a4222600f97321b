import { AuthErrors } from '#exceptions/auth_errors'
import Genre from '#models/genre'

/** 422 on `genre_ids` unless every id is a known genre. */
export async function assertGenresExist(ids: number[]) {
  const unique = [...new Set(ids)]
  const found = await Genre.query().whereIn('id', unique).count('* as total').first()
  if (Number(found?.$extras.total ?? 0) !== unique.length) {
    throw AuthErrors.field('genre_ids', 'exists', 'Every genre id must be a known genre')
  }
}
