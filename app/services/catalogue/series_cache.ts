import cache from '@adonisjs/cache/services/main'

/**
 * Response-cache tags of the series catalogue, beside catalogue_cache.ts's
 * movie tags: lists and searches carry `series-catalogue`, a show's detail
 * (and its seasons) `series:<id>`.
 */
export const SERIES_CATALOGUE_TAG = 'series-catalogue'
export const seriesTag = (seriesId: number) => `series:${seriesId}`

/** Any change that can move a show in lists or search, or change its detail. */
export async function invalidateSeries(seriesId: number) {
  await cache.deleteByTag({ tags: [SERIES_CATALOGUE_TAG, seriesTag(seriesId)] })
}

/** Bulk changes (trending and popular refreshes): drop every series list. */
export async function invalidateSeriesCatalogue() {
  await cache.deleteByTag({ tags: [SERIES_CATALOGUE_TAG] })
}
