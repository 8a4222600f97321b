import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Person from '#models/person'

export default class SeriesCastCredit extends BaseModel {
  static table = 'series_cast'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare seriesId: number

  @column()
  declare personId: number

  @column()
  declare character: string | null

  @column()
  declare order: number

  @belongsTo(() => Person)
  declare person: BelongsTo<typeof Person>
}
