import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Movie from '#models/movie'

export default class WatchlistItem extends BaseModel {
  static table = 'watchlist_items'

  @column({ isPrimary: true, consume: (value: string | number) => Number(value) })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare movieId: number

  @column()
  declare watched: boolean

  @column.dateTime()
  declare watchedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => Movie)
  declare movie: BelongsTo<typeof Movie>
}
