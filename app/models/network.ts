import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A TV network (TMDB's id). */
export default class Network extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare logoPath: string | null

  @column()
  declare originCountry: string | null
}
