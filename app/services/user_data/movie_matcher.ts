import Movie from '#models/movie'
import type { ImportRow } from '#services/user_data/import_formats'

const normalise = (title: string) => title.trim().toLowerCase()

interface Candidate {
  id: number
  title: string
  originalTitle: string | null
  year: number | null
  popularity: number
  ratingCount: number
}

/**
 * Finds catalogue movies for import rows: the IMDb id first, then the title
 * (or original title) with the same year, then a year off by one (release
 * years differ between countries). Among several candidates the most
 * popular wins. Hidden movies never match. Returns row number → movie id.
 */
export async function matchMovies(rows: ImportRow[]): Promise<Map<number, number>> {
  const matches = new Map<number, number>()

  const imdbIds = [...new Set(rows.map((row) => row.imdbId).filter((id): id is string => id !== null))]
  if (imdbIds.length) {
    const byImdb = new Map<string, number>()
    const movies = await Movie.query().select('id', 'imdb_id').whereIn('imdb_id', imdbIds).where('is_hidden', false)
    for (const movie of movies) byImdb.set(movie.imdbId!, movie.id)
    for (const row of rows) {
      const id = row.imdbId ? byImdb.get(row.imdbId) : undefined
      if (id !== undefined) matches.set(row.row, id)
    }
  }

  const byTitle = rows.filter((row) => !matches.has(row.row) && (row.title || row.originalTitle))
  if (!byTitle.length) return matches

  const titles = [
    ...new Set(
      byTitle.flatMap((row) => [row.title, row.originalTitle]).filter((t): t is string => t !== null).map(normalise)
    ),
  ]
  const placeholders = titles.map(() => '?').join(', ')
  const candidates: Candidate[] = (
    await Movie.query()
      .select('id', 'title', 'original_title', 'year', 'popularity', 'rating_count')
      .where('is_hidden', false)
      .where((query) =>
        query
          .whereRaw(`lower(title) IN (${placeholders})`, titles)
          .orWhereRaw(`lower(original_title) IN (${placeholders})`, titles)
      )
  ).map((movie) => ({
    id: movie.id,
    title: normalise(movie.title),
    originalTitle: movie.originalTitle ? normalise(movie.originalTitle) : null,
    year: movie.year,
    popularity: movie.popularity,
    ratingCount: movie.ratingCount,
  }))

  for (const row of byTitle) {
    const names = [row.title, row.originalTitle].filter((t): t is string => t !== null).map(normalise)
    const named = candidates.filter(
      (candidate) => names.includes(candidate.title) || (candidate.originalTitle !== null && names.includes(candidate.originalTitle))
    )
    const pick = (pool: Candidate[]) =>
      pool.sort((a, b) => b.popularity - a.popularity || b.ratingCount - a.ratingCount || a.id - b.id)[0]
    let best: Candidate | undefined
    if (row.year === null) {
      best = pick(named)
    } else {
      best =
        pick(named.filter((candidate) => candidate.year === row.year)) ??
        pick(named.filter((candidate) => candidate.year !== null && Math.abs(candidate.year - row.year!) === 1))
    }
    if (best) matches.set(row.row, best.id)
  }
  return matches
}
