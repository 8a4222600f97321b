import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { seriesSummaries } from '#services/catalogue/series_summaries'
import FavoriteTransformer, { type SeriesFavoriteItem } from '#transformers/favorite_transformer'

export type { SeriesFavoriteItem } from '#transformers/favorite_transformer'

export interface SeriesFavoriteRow {
  series_id: number
  created_at: Date | string
}

/**
 * Favourite series (issue 9) as items; adding and removing go through
 * SavedTitlesService with the series kind (title_kinds.ts).
 */
export default class SeriesFavoritesService {
  /** The favourite as PUT /me/favorites/series/:series_id answers. */
  async item(user: User, seriesId: number): Promise<SeriesFavoriteItem> {
    const row = await db
      .from('series_favorites')
      .where({ user_id: user.id, series_id: seriesId })
      .select('series_id', 'created_at')
      .firstOrFail()
    const [item] = await this.items(user.id, [row])
    return item
  }

  /** Favourite rows → items, in the rows' order. */
  async items(userId: number, rows: SeriesFavoriteRow[]): Promise<SeriesFavoriteItem[]> {
    const summaries = await seriesSummaries(
      rows.map((row) => row.series_id),
      userId
    )
    return rows.map((row) => FavoriteTransformer.series(row.created_at, summaries.get(row.series_id)!))
  }
}
