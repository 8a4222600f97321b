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

  @column()
  declare biography: string | null

  @column.date()
  declare birthday: DateTime | null

  @column.date()
  declare deathday: DateTime | null

  @column()
  declare placeOfBirth: string | null

  @column()
  declare imdbId: string | null

  @column()
  declare popularity: number

  /** When the person's own TMDB page (/person/{id}) was last fetched; null: only known from credits. */
  @column.dateTime()
  declare detailsSyncedAt: DateTime | null

  /** 'not_found': TMDB answered 404 for tmdb_id (the gap filling stops asking). */
  @column()
  declare tmdbStatus: 'not_found' | null

  @column.dateTime()
  declare tmdbCheckedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
