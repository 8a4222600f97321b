import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { VIDEO_SITES, VIDEO_TYPES, type VideoSite, type VideoType } from '#models/movie_video'
import type { TmdbVideo } from '#services/tmdb/types'
import { clip, uniqueBy } from '#services/tmdb/tmdb_values'

/** A `movie_videos` row as the sync writes it. */
interface VideoRow {
  movie_id: number
  tmdb_id: string | null
  key: string
  site: VideoSite
  type: VideoType
  name: string
  official: boolean
  published_at: Date | null
  iso_639_1: string | null
}

const isSite = (site: string): site is VideoSite => (VIDEO_SITES as readonly string[]).includes(site)
const isType = (type: string): type is VideoType => (VIDEO_TYPES as readonly string[]).includes(type)

/**
 * The videos of TMDB's list we keep: the four types the contract names, on
 * a site we can link to, with a key; one per site and key.
 */
export function videoRows(movieId: number, videos: TmdbVideo[]): VideoRow[] {
  const rows: VideoRow[] = []
  for (const video of videos) {
    const key = clip(video.key, 255)
    if (!key || !isSite(video.site) || !isType(video.type)) continue
    const published = video.published_at ? new Date(video.published_at) : null
    rows.push({
      movie_id: movieId,
      tmdb_id: clip(video.id, 64),
      key,
      site: video.site,
      type: video.type,
      name: clip(video.name, 500) ?? video.type,
      official: video.official === true,
      published_at: published && !Number.isNaN(published.getTime()) ? published : null,
      iso_639_1: clip(video.iso_639_1, 8),
    })
  }
  return uniqueBy(rows, (row) => `${row.site}|${row.key}`)
}

const signature = (rows: Omit<VideoRow, 'movie_id' | 'tmdb_id' | 'iso_639_1'>[]) =>
  rows
    .map((row) =>
      [row.site, row.key, row.type, row.name, row.official, row.published_at ? new Date(row.published_at).toISOString() : ''].join('|')
    )
    .sort()
    .join('\n')

/**
 * Replaces a movie's videos with TMDB's when the kept ones differ; returns
 * whether they changed. An empty list (nothing we keep) changes nothing:
 * TMDB drops sub-resources now and then, and we never blank what we have.
 */
export async function replaceVideos(
  movieId: number,
  videos: TmdbVideo[],
  client: TransactionClientContract
): Promise<boolean> {
  const rows = videoRows(movieId, videos)
  if (!rows.length) return false
  const current = await client
    .from('movie_videos')
    .where('movie_id', movieId)
    .select('site', 'key', 'type', 'name', 'official', 'published_at')
  if (signature(current) === signature(rows)) return false
  await client.from('movie_videos').where('movie_id', movieId).delete()
  await client.table('movie_videos').multiInsert(rows)
  return true
}
