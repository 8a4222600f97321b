import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import Series from '#models/series'

/** A user's rating of a show, with its optional review text (issue 9). */
export default class SeriesRating extends BaseModel {
  static table = 'series_ratings'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare seriesId: number

  /** numeric(2,1) comes back from pg as a string. */
  @column({ consume: (value: string | number) => Number(value) })
  declare rating: number

  @column()
  declare review: string | null

  @column()
  declare containsSpoilers: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @belongsTo(() => Series)
  declare series: BelongsTo<typeof Series>
}
