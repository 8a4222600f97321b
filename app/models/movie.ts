import { DateTime } from 'luxon'
import { BaseModel, column, hasMany, manyToMany, scope } from '@adonisjs/lucid/orm'
import type { HasMany, ManyToMany } from '@adonisjs/lucid/types/relations'
import Genre from '#models/genre'
import Keyword from '#models/keyword'
import CastCredit from '#models/cast_credit'
import CrewCredit from '#models/crew_credit'
import type { MaturityFilter } from '#models/user'

/** Certifications above PG-13 (US), hidden by the "teen" maturity filter. */
export const ABOVE_TEEN_CERTIFICATIONS = ['R', 'NC-17', 'X', 'NR-17']

export interface MovieFilters {
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

export type MovieSort =
  | 'popularity'
  | '-popularity'
  | 'release_date'
  | '-release_date'
  | 'title'
  | '-average_rating'
  | '-vote_average'

export default class Movie extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tmdbId: number | null

  @column()
  declare imdbId: string | null

  @column()
  declare movielensId: number | null

  @column()
  declare title: string

  @column()
  declare originalTitle: string | null

  @column()
  declare overview: string | null

  @column()
  declare tagline: string | null

  @column.date()
  declare releaseDate: DateTime | null

  @column()
  declare year: number | null

  @column()
  declare runtime: number | null

  @column()
  declare adult: boolean

  @column()
  declare certification: string | null

  @column()
  declare originalLanguage: string | null

  @column()
  declare posterPath: string | null

  @column()
  declare backdropPath: string | null

  @column()
  declare popularity: number

  @column()
  declare voteAverage: number

  @column()
  declare voteCount: number

  @column()
  declare status: string | null

  @column({ consume: (value: string | null) => (value === null ? null : Number(value)) })
  declare budget: number | null

  @column({ consume: (value: string | null) => (value === null ? null : Number(value)) })
  declare revenue: number | null

  @column()
  declare homepage: string | null

  @column({ prepare: (value: unknown) => JSON.stringify(value ?? []) })
  declare spokenLanguages: { iso_639_1: string; name: string }[]

  @column({ prepare: (value: unknown) => JSON.stringify(value ?? []) })
  declare productionCountries: { iso_3166_1: string; name: string }[]

  @column()
  declare ratingCount: number

  @column()
  declare ratingSum: number

  @column()
  declare averageRating: number | null

  @column()
  declare trendingDay: number

  @column()
  declare trendingWeek: number

  @column()
  declare isHidden: boolean

  @column.dateTime()
  declare metadataSyncedAt: DateTime | null

  @column.dateTime()
  declare creditsSyncedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @manyToMany(() => Genre, { pivotTable: 'movie_genres' })
  declare genres: ManyToMany<typeof Genre>

  @manyToMany(() => Keyword, { pivotTable: 'movie_keywords' })
  declare keywords: ManyToMany<typeof Keyword>

  @hasMany(() => CastCredit)
  declare cast: HasMany<typeof CastCredit>

  @hasMany(() => CrewCredit)
  declare crew: HasMany<typeof CrewCredit>

  /**
   * Titles a viewer may see: never hidden ones; adult titles only for adults
   * who chose the "adult" filter; "teen" also drops titles certified above PG-13.
   */
  static visibleTo = scope(
    (query, viewer: { maturity: MaturityFilter; showsAdult: boolean } | null) => {
      query.where('movies.is_hidden', false)
      if (!viewer?.showsAdult) query.where('movies.adult', false)
      if (viewer?.maturity === 'teen') {
        query.where((sub) =>
          sub
            .whereNull('movies.certification')
            .orWhereNotIn('movies.certification', ABOVE_TEEN_CERTIFICATIONS)
        )
      }
    }
  )

  static filtered = scope((query, filters: MovieFilters) => {
    if (filters.genre?.length) {
      if (filters.genreMode === 'all') {
        for (const genreId of filters.genre) {
          query.whereExists((sub) =>
            sub
              .from('movie_genres')
              .whereColumn('movie_genres.movie_id', 'movies.id')
              .where('movie_genres.genre_id', genreId)
          )
        }
      } else {
        query.whereExists((sub) =>
          sub
            .from('movie_genres')
            .whereColumn('movie_genres.movie_id', 'movies.id')
            .whereIn('movie_genres.genre_id', filters.genre!)
        )
      }
    }
    if (filters.year !== undefined) query.where('movies.year', filters.year)
    if (filters.minRating !== undefined) query.where('movies.average_rating', '>=', filters.minRating)
    if (filters.maxRating !== undefined) query.where('movies.average_rating', '<=', filters.maxRating)
    if (filters.minVoteAverage !== undefined)
      query.where('movies.vote_average', '>=', filters.minVoteAverage)
    if (filters.minPopularity !== undefined)
      query.where('movies.popularity', '>=', filters.minPopularity)
    if (filters.language) query.where('movies.original_language', filters.language)
    if (filters.tmdbId !== undefined) query.where('movies.tmdb_id', filters.tmdbId)
    if (filters.imdbId) query.where('movies.imdb_id', filters.imdbId)
  })

  static sorted = scope((query, sort: MovieSort) => {
    const descending = sort.startsWith('-')
    const column = descending ? sort.slice(1) : sort
    const direction = descending ? 'desc' : 'asc'
    if (column === 'average_rating' || column === 'release_date') {
      query.orderByRaw(`movies.${column} ${direction} NULLS LAST`)
    } else {
      query.orderBy(`movies.${column}`, direction)
    }
    // A stable tie-breaker keeps pages from overlapping.
    query.orderBy('movies.id', 'asc')
  })
}
