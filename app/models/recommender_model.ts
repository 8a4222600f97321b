import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'
import type { Engine } from '#services/recommender/bundle'

export type RecommenderModelStatus = 'ready' | 'failed'

/**
 * One training run of the recommender: a ready bundle (its serialised
 * typed arrays in `artifact`) or a failed attempt with its error.
 */
export default class RecommenderModel extends BaseModel {
  static table = 'recommender_models'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare version: string

  @column()
  declare status: RecommenderModelStatus

  @column()
  declare engine: Engine

  @column()
  declare trigger: string

  @column()
  declare users: number

  @column()
  declare items: number

  @column()
  declare ratings: number

  @column()
  declare trainingMs: number

  @column({ consume: (value: string | number) => Number(value) })
  declare sizeBytes: number

  @column({ consume: (value: string | number) => Number(value) })
  declare memoryBytes: number

  @column({ prepare: (value: unknown) => JSON.stringify(value ?? {}) })
  declare config: Record<string, unknown>

  @column()
  declare error: string | null

  @column({ serializeAs: null })
  declare artifact: Buffer | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  /** Ready runs, newest first. */
  static ready = scope((query) => {
    query.where('status', 'ready').orderBy('id', 'desc')
  })
}
