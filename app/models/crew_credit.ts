import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Person from '#models/person'

export default class CrewCredit extends BaseModel {
  static table = 'movie_crew'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare movieId: number

  @column()
  declare personId: number

  @column()
  declare job: string

  @column()
  declare department: string | null

  @belongsTo(() => Person)
  declare person: BelongsTo<typeof Person>
}
