import Series from '#models/series'
import SeriesTransformer, { type SeriesSummary } from '#transformers/series_transformer'
import SeriesRatingService, { type SeriesViewerFields } from '#services/library/series_rating_service'

export type ViewerSeriesSummary = SeriesSummary & Partial<SeriesViewerFields>

/**
 * Series summaries embedded in engagement resources (watchlist, favourites,
 * diary, recommendations), with the caller's per-user fields when a user is
 * given — the series counterpart of movie_summaries.ts.
 */
export async function seriesSummaries(
  seriesIds: number[],
  viewerId: number | null
): Promise<Map<number, ViewerSeriesSummary>> {
  const ids = [...new Set(seriesIds)]
  const result = new Map<number, ViewerSeriesSummary>()
  if (!ids.length) return result
  const rows = await Series.query().whereIn('id', ids).preload('genres')
  let summaries: ViewerSeriesSummary[] = rows.map((series) => SeriesTransformer.summary(series))
  if (viewerId !== null) summaries = await new SeriesRatingService().withViewerFields(viewerId, summaries)
  for (const summary of summaries) result.set(summary.id, summary)
  return result
}
