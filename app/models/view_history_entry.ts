import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Movie from '#models/movie'

/** One row per user and movie opened (see ViewHistoryService: written in batches). */
export default class ViewHistoryEntry extends BaseModel {
  static table = 'view_history'
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare userId: number

  @column()
  declare movieId: number

  @column.dateTime()
  declare firstViewedAt: DateTime

  @column.dateTime()
  declare lastViewedAt: DateTime

  @column()
  declare viewCount: number

  @belongsTo(() => Movie)
  declare movie: BelongsTo<typeof Movie>
}
