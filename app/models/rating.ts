import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import Movie from '#models/movie'
import type { CommentPolicyValue } from '#models/comment'

export default class Rating extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare movieId: number

  /** numeric(2,1) comes back from pg as a string. */
  @column({ consume: (value: string | number) => Number(value) })
  declare rating: number

  @column()
  declare review: string | null

  @column()
  declare containsSpoilers: boolean

  /** Who may comment on the review (CommentPolicy.create); 'anyone' by default. */
  @column()
  declare commentPolicy: CommentPolicyValue

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @belongsTo(() => Movie)
  declare movie: BelongsTo<typeof Movie>
}
