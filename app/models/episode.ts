import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Season from '#models/season'

export default class Episode extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare seasonId: number

  @column()
  declare seriesId: number

  @column()
  declare tmdbId: number | null

  @column()
  declare seasonNumber: number

  @column()
  declare episodeNumber: number

  @column()
  declare name: string | null

  @column()
  declare overview: string | null

  @column.date()
  declare airDate: DateTime | null

  @column()
  declare runtime: number | null

  @column()
  declare stillPath: string | null

  @column()
  declare voteAverage: number

  @column()
  declare voteCount: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Season)
  declare season: BelongsTo<typeof Season>
}
