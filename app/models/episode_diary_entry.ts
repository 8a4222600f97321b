import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Episode from '#models/episode'

/** A diary entry for one episode (issue 9); ids share diary_entries' sequence. */
export default class EpisodeDiaryEntry extends BaseModel {
  static table = 'episode_diary_entries'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare seriesId: number

  @column()
  declare episodeId: number

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

  @belongsTo(() => Episode)
  declare episode: BelongsTo<typeof Episode>
}
