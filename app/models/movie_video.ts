import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** The video types MovieDetail.videos carries (TMDB has more: bloopers, behind the scenes…). */
export const VIDEO_TYPES = ['Trailer', 'Teaser', 'Clip', 'Featurette'] as const
export type VideoType = (typeof VIDEO_TYPES)[number]

/** The sites a video can be linked on. */
export const VIDEO_SITES = ['YouTube', 'Vimeo'] as const
export type VideoSite = (typeof VIDEO_SITES)[number]

/** A trailer, teaser, clip or featurette of a movie, from TMDB's `videos`. */
export default class MovieVideo extends BaseModel {
  static table = 'movie_videos'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare movieId: number

  /** TMDB's id of the video. */
  @column()
  declare tmdbId: string | null

  /** The video's id on its site (YouTube's `v=`). */
  @column()
  declare key: string

  @column()
  declare site: VideoSite

  @column()
  declare type: VideoType

  @column()
  declare name: string

  @column()
  declare official: boolean

  @column.dateTime()
  declare publishedAt: DateTime | null

  @column({ columnName: 'iso_639_1' })
  declare iso6391: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
