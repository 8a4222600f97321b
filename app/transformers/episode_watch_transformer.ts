import type Episode from '#models/episode'
import { toIso } from '#services/database/query_helpers'

/** PUT /series/:id/seasons/:number/episodes/:episode/watched */
export interface EpisodeWatchResource {
  episode_id: number
  series_id: number
  season_number: number
  episode_number: number
  watched_at: string
}

export default class EpisodeWatchTransformer {
  static resource(episode: Episode, watchedAt: Date | string): EpisodeWatchResource {
    return {
      episode_id: episode.id,
      series_id: episode.seriesId,
      season_number: episode.seasonNumber,
      episode_number: episode.episodeNumber,
      watched_at: toIso(watchedAt),
    }
  }
}
