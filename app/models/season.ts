import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import Episode from '#models/episode'

export default class Season extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare seriesId: number

  @column()
  declare tmdbId: number | null

  /** 0 is TMDB's "Specials". */
  @column()
  declare seasonNumber: number

  @column()
  declare name: string | null

  @column()
  declare overview: string | null

  @column.date()
  declare airDate: DateTime | null

  @column()
  declare posterPath: string | null

  @column()
  declare episodeCount: number

  @column()
  declare voteAverage: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => Episode)
  declare episodes: HasMany<typeof Episode>
}
