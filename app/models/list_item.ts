import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Movie from '#models/movie'

export default class ListItem extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare listId: number

  @column()
  declare movieId: number

  @column()
  declare position: number

  @column()
  declare note: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Movie)
  declare movie: BelongsTo<typeof Movie>
}
