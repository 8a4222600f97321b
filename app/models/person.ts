import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class Person extends BaseModel {
  static table = 'people'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tmdbId: number | null

  @column()
  declare name: string

  @column()
  declare profilePath: string | null

  @column()
  declare knownForDepartment: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
