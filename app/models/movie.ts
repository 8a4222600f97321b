import { DateTime } from 'luxon'
import { BaseModel, column, hasMany, manyToMany, scope } from '@adonisjs/lucid/orm'
import type { HasMany, ManyToMany } from '@adonisjs/lucid/types/relations'
import Genre from '#models/genre'
import Keyword from '#models/keyword'
import CastCredit from '#models/cast_credit'
import CrewCredit from '#models/crew_credit'
import MovieVideo from '#models/movie_video'
import {
  applyFilters,
  applySort,
  applyVisibility,
  type CatalogueFilters,
  type CatalogueTable,
  type CatalogueViewer,
} from '#models/catalogue_scopes'

/** Certifications above PG-13 (US), hidden by the "teen" maturity filter. */
export const ABOVE_TEEN_CERTIFICATIONS = ['R', 'NC-17', 'X', 'NR-17']

/** Movies offered (any kind of offer) by one of `providerIds` in `region` (TMDB watch providers). */
export interface AvailabilityFilter {
  providerIds: number[]
  region: string
}

export type MovieFilters = CatalogueFilters & { availableOn?: AvailabilityFilter }

/** The movies table as the shared catalogue rules see it (catalogue_scopes.ts). */
export const MOVIES: CatalogueTable = {
  table: 'movies',
  genrePivot: 'movie_genres',
  pivotKey: 'movie_id',
  aboveTeen: ABOVE_TEEN_CERTIFICATIONS,
  nullableSorts: ['average_rating', 'release_date'],
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

  /** 'not_found' once TMDB answered 404 for tmdb_id (syncs skip the movie); null otherwise. */
  @column()
  declare tmdbStatus: 'not_found' | null

  @column.dateTime()
  declare tmdbCheckedAt: DateTime | null

  /** The TMDB collection (franchise) the movie belongs to, from its `belongs_to_collection`. */
  @column()
  declare collectionId: number | null

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

  /** Trailers, teasers, clips and featurettes (TMDB's `videos`). */
  @hasMany(() => MovieVideo)
  declare videos: HasMany<typeof MovieVideo>

  /**
   * Titles a viewer may see: never hidden ones; adult titles only for adults
   * who chose the "adult" filter; "teen" also drops titles certified above PG-13.
   */
  static visibleTo = scope((query, viewer: CatalogueViewer | null) => applyVisibility(query, MOVIES, viewer))

  static filtered = scope((query, filters: MovieFilters) => {
    applyFilters(query, MOVIES, filters)
    const available = filters.availableOn
    if (available) {
      query.whereExists((sub) =>
        sub
          .from('movie_watch_providers')
          .whereColumn('movie_watch_providers.movie_id', 'movies.id')
          .where('movie_watch_providers.region', available.region)
          .whereIn('movie_watch_providers.provider_id', available.providerIds)
      )
    }
  })

  static sorted = scope((query, sort: MovieSort) => applySort(query, MOVIES, sort))
}
