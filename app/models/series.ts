import { DateTime } from 'luxon'
import { BaseModel, column, hasMany, manyToMany, scope } from '@adonisjs/lucid/orm'
import type { HasMany, ManyToMany } from '@adonisjs/lucid/types/relations'
import Genre from '#models/genre'
import Keyword from '#models/keyword'
import Network from '#models/network'
import Season from '#models/season'
import SeriesCastCredit from '#models/series_cast_credit'
import { ABOVE_TEEN_CERTIFICATIONS } from '#models/movie'
import type { MaturityFilter } from '#models/user'

/** US TV ratings above PG-13's level (plus film ratings, which some shows carry). */
export const ABOVE_TEEN_TV_RATINGS = ['TV-MA', ...ABOVE_TEEN_CERTIFICATIONS]

export interface SeriesFilters {
  genre?: number[]
  genreMode?: 'any' | 'all'
  /** Year of the first air date. */
  year?: number
  minRating?: number
  maxRating?: number
  minVoteAverage?: number
  minPopularity?: number
  language?: string
  tmdbId?: number
  imdbId?: string
  inProduction?: boolean
}

export type SeriesSort =
  | 'popularity'
  | '-popularity'
  | 'first_air_date'
  | '-first_air_date'
  | 'name'
  | '-average_rating'
  | '-vote_average'

export default class Series extends BaseModel {
  static table = 'series'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tmdbId: number

  @column()
  declare imdbId: string | null

  @column()
  declare name: string

  @column()
  declare originalName: string | null

  @column()
  declare overview: string | null

  @column()
  declare tagline: string | null

  @column.date()
  declare firstAirDate: DateTime | null

  @column.date()
  declare lastAirDate: DateTime | null

  @column()
  declare year: number | null

  @column()
  declare status: string | null

  @column()
  declare type: string | null

  @column()
  declare adult: boolean

  @column()
  declare certification: string | null

  @column()
  declare originalLanguage: string | null

  @column()
  declare homepage: string | null

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
  declare numberOfSeasons: number

  @column()
  declare numberOfEpisodes: number

  @column()
  declare inProduction: boolean

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

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @manyToMany(() => Genre, { pivotTable: 'series_genres' })
  declare genres: ManyToMany<typeof Genre>

  @manyToMany(() => Keyword, { pivotTable: 'series_keywords' })
  declare keywords: ManyToMany<typeof Keyword>

  @manyToMany(() => Network, { pivotTable: 'series_networks' })
  declare networks: ManyToMany<typeof Network>

  @hasMany(() => Season)
  declare seasons: HasMany<typeof Season>

  @hasMany(() => SeriesCastCredit)
  declare cast: HasMany<typeof SeriesCastCredit>

  /** The same rules as Movie.visibleTo: hidden never, adult for adults only, "teen" drops TV-MA. */
  static visibleTo = scope(
    (query, viewer: { maturity: MaturityFilter; showsAdult: boolean } | null) => {
      query.where('series.is_hidden', false)
      if (!viewer?.showsAdult) query.where('series.adult', false)
      if (viewer?.maturity === 'teen') {
        query.where((sub) =>
          sub.whereNull('series.certification').orWhereNotIn('series.certification', ABOVE_TEEN_TV_RATINGS)
        )
      }
    }
  )

  static filtered = scope((query, filters: SeriesFilters) => {
    if (filters.genre?.length) {
      if (filters.genreMode === 'all') {
        for (const genreId of filters.genre) {
          query.whereExists((sub) =>
            sub
              .from('series_genres')
              .whereColumn('series_genres.series_id', 'series.id')
              .where('series_genres.genre_id', genreId)
          )
        }
      } else {
        query.whereExists((sub) =>
          sub
            .from('series_genres')
            .whereColumn('series_genres.series_id', 'series.id')
            .whereIn('series_genres.genre_id', filters.genre!)
        )
      }
    }
    if (filters.year !== undefined) query.where('series.year', filters.year)
    if (filters.minRating !== undefined) query.where('series.average_rating', '>=', filters.minRating)
    if (filters.maxRating !== undefined) query.where('series.average_rating', '<=', filters.maxRating)
    if (filters.minVoteAverage !== undefined) query.where('series.vote_average', '>=', filters.minVoteAverage)
    if (filters.minPopularity !== undefined) query.where('series.popularity', '>=', filters.minPopularity)
    if (filters.language) query.where('series.original_language', filters.language)
    if (filters.tmdbId !== undefined) query.where('series.tmdb_id', filters.tmdbId)
    if (filters.imdbId) query.where('series.imdb_id', filters.imdbId)
    if (filters.inProduction !== undefined) query.where('series.in_production', filters.inProduction)
  })

  static sorted = scope((query, sort: SeriesSort) => {
    const descending = sort.startsWith('-')
    const column = descending ? sort.slice(1) : sort
    const direction = descending ? 'desc' : 'asc'
    if (column === 'average_rating' || column === 'first_air_date') {
      query.orderByRaw(`series.${column} ${direction} NULLS LAST`)
    } else {
      query.orderBy(`series.${column}`, direction)
    }
    // A stable tie-breaker keeps pages from overlapping.
    query.orderBy('series.id', 'asc')
  })
}
