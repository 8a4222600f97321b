import Series from '#models/series'
import Episode from '#models/episode'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { viewerFor } from '#services/http/viewer'

/** The show if the user may see it (maturity filter, hidden), else 404 — as for movies. */
export async function findVisibleSeriesOrFail(seriesId: number, user: User | null) {
  const series = await Series.query()
    .apply((scopes) => scopes.visibleTo(viewerFor(user)))
    .where('series.id', seriesId)
    .select('series.id')
    .first()
  if (!series) throw ApiException.notFound('Series not found')
  return series
}

/** An episode of a visible show by its numbers; 404 names what is missing. */
export async function findEpisodeOrFail(user: User | null, seriesId: number, seasonNumber: number, episodeNumber: number) {
  await findVisibleSeriesOrFail(seriesId, user)
  const episode = await Episode.query().where({ seriesId, seasonNumber, episodeNumber }).first()
  if (!episode) throw ApiException.notFound('Episode not found')
  return episode
}
