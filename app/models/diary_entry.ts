import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Movie from '#models/movie'

export default class DiaryEntry extends BaseModel {
  static table = 'diary_entries'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare movieId: number

  @column.date()
  declare watchedOn: DateTime

  @column()
  declare rewatch: boolean

  /** numeric(2,1) comes back from pg as a string. */
  @column({ consume: (value: string | number | null) => (value === null ? null : Number(value)) })
  declare rating: number | null

  @column()
  declare review: string | null

  @column()
  declare containsSpoilers: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Movie)
  declare movie: BelongsTo<typeof Movie>
}
