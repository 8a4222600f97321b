import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import Movie from '#models/movie'

/** A TMDB collection (franchise), e.g. "Toy Story Collection"; its parts are the movies linked to it. */
export default class Collection extends BaseModel {
  static table = 'collections'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tmdbId: number

  @column()
  declare name: string

  @column()
  declare overview: string | null

  @column()
  declare posterPath: string | null

  @column()
  declare backdropPath: string | null

  /** When the collection's own TMDB page (/collection/{id}) was fetched; null: only known from a movie. */
  @column.dateTime()
  declare syncedAt: DateTime | null

  @column()
  declare tmdbStatus: 'not_found' | null

  @column.dateTime()
  declare tmdbCheckedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => Movie)
  declare parts: HasMany<typeof Movie>
}
