import db from '@adonisjs/lucid/services/db'
import type { LucidModel, ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import type { PageRequest } from '#services/http/pagination'
import type { REVIEW_SORTS } from '#validators/rating'
import type { ReviewTables } from '#services/catalogue/title_kinds'

/*
| The queries of reviews of any kind (ratings.review, series_ratings.review):
| the sorts with their like counts, and the caller's likes. Each kind names
| its tables (title_kinds.ts); the item shape is ReviewTransformer's.
*/

export type ReviewSort = (typeof REVIEW_SORTS)[number]

export type { Review } from '#transformers/review_transformer'

export interface ReviewListOptions {
  sort: ReviewSort
  page: PageRequest
  path: string
  query: Record<string, unknown>
}

type ReviewQuery<Model extends LucidModel> = ModelQueryBuilderContract<Model, InstanceType<Model>>

export async function countReviews<Model extends LucidModel>(base: ReviewQuery<Model>): Promise<number> {
  const [row] = await base.clone().count('* as total')
  return Number(row.$extras.total)
}

/** One page in the requested order, each row with its like count in `$extras.likes`. */
export function pageReviews<Model extends LucidModel>(
  base: ReviewQuery<Model>,
  tables: ReviewTables,
  { sort, page }: Pick<ReviewListOptions, 'sort' | 'page'>
): ReviewQuery<Model> {
  const t = tables.ratings
  const query = base
    .clone()
    .select(`${t}.*`)
    .select(db.raw(`(SELECT count(*) FROM ?? rl WHERE rl.?? = ??)::int AS likes`, [tables.likes, tables.likeKey, `${t}.id`]))
  switch (sort) {
    case 'created_at':
      query.orderBy(`${t}.created_at`, 'asc')
      break
    case '-likes':
      query.orderByRaw('likes DESC').orderBy(`${t}.created_at`, 'desc')
      break
    case '-rating':
      query.orderBy(`${t}.rating`, 'desc').orderBy(`${t}.created_at`, 'desc')
      break
    case 'rating':
      query.orderBy(`${t}.rating`, 'asc').orderBy(`${t}.created_at`, 'desc')
      break
    default:
      query.orderBy(`${t}.created_at`, 'desc')
  }
  return query
    .orderBy(`${t}.id`, 'desc')
    .offset((page.page - 1) * page.perPage)
    .limit(page.perPage)
}

/** Which of these reviews the viewer liked; null without a viewer (no `liked` field then). */
export async function likedByViewer(
  viewerId: number | null,
  tables: ReviewTables,
  reviewIds: number[]
): Promise<Set<number> | null> {
  if (viewerId === null) return null
  if (!reviewIds.length) return new Set()
  const rows = await db
    .from(tables.likes)
    .where('user_id', viewerId)
    .whereIn(tables.likeKey, reviewIds)
    .select(`${tables.likeKey} as review_id`)
  return new Set(rows.map((row: { review_id: string | number }) => Number(row.review_id)))
}

/** Idempotent: liking twice is one like. */
export async function addReviewLike(tables: ReviewTables, userId: number, reviewId: number) {
  await db
    .table(tables.likes)
    .insert({ user_id: userId, [tables.likeKey]: reviewId })
    .onConflict(['user_id', tables.likeKey])
    .ignore()
}

/** Idempotent: unliking what is not liked is fine. */
export async function removeReviewLike(tables: ReviewTables, userId: number, reviewId: number) {
  await db.from(tables.likes).where({ user_id: userId, [tables.likeKey]: reviewId }).delete()
}
