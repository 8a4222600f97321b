import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Person from '#models/person'

export default class CastCredit extends BaseModel {
  static table = 'movie_cast'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare movieId: number

  @column()
  declare personId: number

  @column()
  declare character: string | null

  @column()
  declare order: number

  @belongsTo(() => Person)
  declare person: BelongsTo<typeof Person>
}
