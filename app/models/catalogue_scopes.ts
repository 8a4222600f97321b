import type { ChainableContract } from '@adonisjs/lucid/types/querybuilder'

/** A user's maturity setting (users.maturity_filter): here, beside the rule it drives, so this file imports no model. */
export type MaturityFilter = 'all' | 'teen' | 'adult'

/**
 * The query rules movies and series share (visibility, filters, sort),
 * written once over a table description; Movie and Series expose them as
 * their `visibleTo`, `filtered` and `sorted` scopes.
 */
export interface CatalogueTable {
  /** `movies` or `series`. */
  table: string
  /** The genre pivot and its key to `table`. */
  genrePivot: string
  pivotKey: string
  /** Certifications the "teen" filter hides. */
  aboveTeen: string[]
  /** Sort columns that may be null (nulls go last either way). */
  nullableSorts: string[]
}

export interface CatalogueViewer {
  maturity: MaturityFilter
  showsAdult: boolean
}

/** Filters both kinds accept (API.md's movie filters; series add their own). */
export interface CatalogueFilters {
  genre?: number[]
  genreMode?: 'any' | 'all'
  year?: number
  minRating?: number
  maxRating?: number
  minVoteAverage?: number
  minPopularity?: number
  language?: string
  tmdbId?: number
  imdbId?: string
}

/** What decides who may see a title, as the cached details and cards keep it. */
export interface VisibilityFields {
  hidden: boolean
  adult: boolean
  certification: string | null
}

/*
| The visibility rule, once: never hidden titles; adult ones only for adults
| who chose "adult"; "teen" also drops `aboveTeen`. `applyVisibility` is it as
| SQL (the `visibleTo` scopes), `isVisibleTo` the same rule on a title already
| in memory (cached details, recommendation cards); keep the two side by side.
*/

/** The rule on an in-memory title: true when `viewer` may see it. */
export function isVisibleTo(title: VisibilityFields, t: CatalogueTable, viewer: CatalogueViewer | null): boolean {
  if (title.hidden) return false
  if (title.adult && !viewer?.showsAdult) return false
  if (viewer?.maturity === 'teen' && title.certification && t.aboveTeen.includes(title.certification)) return false
  return true
}

/** The rule as SQL over `t.table`. */
export function applyVisibility(query: ChainableContract, t: CatalogueTable, viewer: CatalogueViewer | null) {
  query.where(`${t.table}.is_hidden`, false)
  if (!viewer?.showsAdult) query.where(`${t.table}.adult`, false)
  if (viewer?.maturity === 'teen') {
    query.where((sub) => sub.whereNull(`${t.table}.certification`).orWhereNotIn(`${t.table}.certification`, t.aboveTeen))
  }
}

export function applyFilters(query: ChainableContract, t: CatalogueTable, filters: CatalogueFilters) {
  const genres = (sub: ChainableContract) =>
    sub.from(t.genrePivot).whereColumn(`${t.genrePivot}.${t.pivotKey}`, `${t.table}.id`)
  if (filters.genre?.length) {
    if (filters.genreMode === 'all') {
      for (const genreId of filters.genre) {
        query.whereExists((sub) => genres(sub).where(`${t.genrePivot}.genre_id`, genreId))
      }
    } else {
      query.whereExists((sub) => genres(sub).whereIn(`${t.genrePivot}.genre_id`, filters.genre!))
    }
  }
  if (filters.year !== undefined) query.where(`${t.table}.year`, filters.year)
  if (filters.minRating !== undefined) query.where(`${t.table}.average_rating`, '>=', filters.minRating)
  if (filters.maxRating !== undefined) query.where(`${t.table}.average_rating`, '<=', filters.maxRating)
  if (filters.minVoteAverage !== undefined) query.where(`${t.table}.vote_average`, '>=', filters.minVoteAverage)
  if (filters.minPopularity !== undefined) query.where(`${t.table}.popularity`, '>=', filters.minPopularity)
  if (filters.language) query.where(`${t.table}.original_language`, filters.language)
  if (filters.tmdbId !== undefined) query.where(`${t.table}.tmdb_id`, filters.tmdbId)
  if (filters.imdbId) query.where(`${t.table}.imdb_id`, filters.imdbId)
}

/** `column` or `-column` (descending), with the id as a stable tie-breaker so pages never overlap. */
export function applySort(query: ChainableContract, t: CatalogueTable, sort: string) {
  const descending = sort.startsWith('-')
  const column = descending ? sort.slice(1) : sort
  const direction = descending ? 'desc' : 'asc'
  if (t.nullableSorts.includes(column)) {
    query.orderByRaw(`${t.table}.${column} ${direction} NULLS LAST`)
  } else {
    query.orderBy(`${t.table}.${column}`, direction)
  }
  query.orderBy(`${t.table}.id`, 'asc')
}
