import { DateTime } from 'luxon'
import { BaseModel, column, hasMany, manyToMany, scope } from '@adonisjs/lucid/orm'
import type { HasMany, ManyToMany } from '@adonisjs/lucid/types/relations'
import Genre from '#models/genre'
import Keyword from '#models/keyword'
import Network from '#models/network'
import Season from '#models/season'
import SeriesCastCredit from '#models/series_cast_credit'
import { ABOVE_TEEN_CERTIFICATIONS } from '#models/movie'
import {
  applyFilters,
  applySort,
  applyVisibility,
  type CatalogueFilters,
  type CatalogueTable,
  type CatalogueViewer,
} from '#models/catalogue_scopes'

/** US TV ratings above PG-13's level (plus film ratings, which some shows carry). */
export const ABOVE_TEEN_TV_RATINGS = ['TV-MA', ...ABOVE_TEEN_CERTIFICATIONS]

/** `year` is the year of the first air date. */
export interface SeriesFilters extends CatalogueFilters {
  inProduction?: boolean
}

/** The series table as the shared catalogue rules see it (catalogue_scopes.ts). */
export const SERIES: CatalogueTable = {
  table: 'series',
  genrePivot: 'series_genres',
  pivotKey: 'series_id',
  aboveTeen: ABOVE_TEEN_TV_RATINGS,
  nullableSorts: ['average_rating', 'first_air_date'],
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

  /** The same rules as Movie.visibleTo; "teen" also drops TV-MA. */
  static visibleTo = scope((query, viewer: CatalogueViewer | null) => applyVisibility(query, SERIES, viewer))

  static filtered = scope((query, filters: SeriesFilters) => {
    applyFilters(query, SERIES, filters)
    if (filters.inProduction !== undefined) query.where('series.in_production', filters.inProduction)
  })

  static sorted = scope((query, sort: SeriesSort) => applySort(query, SERIES, sort))
}
