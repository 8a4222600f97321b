import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import TmdbClient from '#services/tmdb/tmdb_client'
import { TmdbNotFoundError } from '#services/tmdb/errors'
import { clip, text } from '#services/tmdb/tmdb_values'
import { invalidateCollection, invalidateMovies } from '#services/catalogue/catalogue_cache'
import type { TmdbCollectionRef } from '#services/tmdb/types'

export interface SyncCollectionResult {
  collectionId: number
  tmdbId: number
  /** Parts TMDB lists. */
  parts: number
  /** Parts in our catalogue (all linked to the collection now). */
  linked: number
}

/**
 * The collection a movie's `belongs_to_collection` names: created when new
 * (name and images, its page fetched later as a gap), its name and images
 * refreshed otherwise; never blanked. Returns our collection id, and
 * whether an existing collection's name or images changed (the details of
 * its parts show them: the caller invalidates them once its writes are in).
 */
export async function upsertCollectionRef(
  ref: TmdbCollectionRef,
  client: QueryClientContract
): Promise<{ id: number; changed: boolean }> {
  const name = clip(ref.name, 500) ?? `TMDB collection ${ref.id}`
  const posterPath = clip(ref.poster_path, 255)
  const backdropPath = clip(ref.backdrop_path, 255)
  const before: { name: string; poster_path: string | null; backdrop_path: string | null } | null = await client
    .from('collections')
    .where('tmdb_id', ref.id)
    .select('name', 'poster_path', 'backdrop_path')
    .first()
  const rows: { id: number }[] = await client
    .table('collections')
    .insert({ tmdb_id: ref.id, name, poster_path: posterPath, backdrop_path: backdropPath })
    .onConflict('tmdb_id')
    .merge({
      name: client.raw('EXCLUDED.name'),
      poster_path: client.raw('COALESCE(EXCLUDED.poster_path, collections.poster_path)'),
      backdrop_path: client.raw('COALESCE(EXCLUDED.backdrop_path, collections.backdrop_path)'),
      updated_at: client.raw('now()'),
    })
    .returning('id')
  const changed =
    before !== null &&
    (before.name !== name ||
      (posterPath !== null && before.poster_path !== posterPath) ||
      (backdropPath !== null && before.backdrop_path !== backdropPath))
  return { id: rows[0].id, changed }
}

/**
 * Fetches a collection's page from TMDB (overview, images, parts), stores it
 * and links the parts we have in the catalogue (the others are not fetched:
 * the catalogue's scope stays the movie syncs'). A 404 marks the collection
 * `tmdb_status = 'not_found'` and throws TmdbNotFoundError.
 *
 * No transaction on purpose: a movie sync locks its movie, then its
 * collection; linking parts while holding the collection's row would take
 * the locks in the other order.
 */
export async function syncCollection(tmdbId: number, options: { client?: TmdbClient } = {}): Promise<SyncCollectionResult> {
  const client = options.client ?? TmdbClient.fromEnv()
  let details: Awaited<ReturnType<TmdbClient['collection']>>
  try {
    details = await client.collection(tmdbId)
  } catch (error) {
    if (error instanceof TmdbNotFoundError) {
      await db
        .from('collections')
        .where('tmdb_id', tmdbId)
        .update({ tmdb_status: 'not_found', tmdb_checked_at: new Date(), updated_at: new Date() })
    }
    throw error
  }
  const { id: collectionId } = await upsertCollectionRef(details, db.connection())
  const overview = text(details.overview)
  await db
    .from('collections')
    .where('id', collectionId)
    .update({
      ...(overview ? { overview } : {}),
      synced_at: new Date(),
      tmdb_status: null,
      tmdb_checked_at: new Date(),
      updated_at: new Date(),
    })
  const partIds = (details.parts ?? []).map((part) => part.id).filter((id) => Number.isInteger(id))
  const parts: { id: number; collection_id: number | null }[] = partIds.length
    ? await db.from('movies').whereIn('tmdb_id', partIds).select('id', 'collection_id')
    : []
  const relink = parts.filter((part) => part.collection_id !== collectionId).map((part) => part.id)
  if (relink.length) {
    await db.from('movies').whereIn('id', relink).update({ collection_id: collectionId, updated_at: new Date() })
    await invalidateMovies(relink)
  }
  // Its page and the details of its parts (name, poster) show what was just written.
  await invalidateCollection(collectionId)
  return { collectionId, tmdbId, parts: partIds.length, linked: parts.length }
}
