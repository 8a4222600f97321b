import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import { assertVisibleMovie } from '#services/catalogue/movie_lookup'
import { invalidateMovieEngagement } from '#services/catalogue/movie_engagement_cache'
import MovieStatsTransformer, { type MyMovieTags } from '#transformers/movie_stats_transformer'

export type { MyMovieTags } from '#transformers/movie_stats_transformer'

/** Trimmed tags with case-insensitive duplicates dropped (the first spelling wins). */
export function distinctTags(tags: string[]): string[] {
  const seen = new Map<string, string>()
  for (const raw of tags) {
    const tag = raw.trim()
    const key = tag.toLowerCase()
    if (tag && !seen.has(key)) seen.set(key, tag)
  }
  return [...seen.values()]
}

/**
 * A user's own free-text tags of a movie (the MovieLens `movie_tags` table,
 * where imported tags live too). PUT replaces the whole set; rows whose
 * spelling stays keep their `created_at`. The movie's tag counts
 * (GET /movies/:id/tags) are dropped before the response.
 */
export default class MovieTagsService {
  async mine(user: User, movieId: number): Promise<MyMovieTags> {
    await assertVisibleMovie(movieId, user)
    return MovieStatsTransformer.myTags(movieId, await this.read(db, user.id, movieId))
  }

  async set(user: User, movieId: number, tags: string[]): Promise<MyMovieTags> {
    await assertVisibleMovie(movieId, user)
    const wanted = distinctTags(tags)
    const saved = await db.transaction(async (trx) => {
      // One writer of a user's tags of a movie at a time (a delete, then inserts).
      await trx.rawQuery('SELECT pg_advisory_xact_lock(hashtext(?))', [`movie-tags:${user.id}:${movieId}`])
      const gone = trx.from('movie_tags').where({ user_id: user.id, movie_id: movieId })
      if (wanted.length) gone.whereNotIn('tag', wanted)
      await gone.delete()
      if (wanted.length) {
        await trx
          .table('movie_tags')
          .multiInsert(wanted.map((tag) => ({ user_id: user.id, movie_id: movieId, tag })))
          .onConflict(['user_id', 'movie_id', 'tag'])
          .ignore()
      }
      return this.read(trx, user.id, movieId)
    })
    await invalidateMovieEngagement([movieId])
    return MovieStatsTransformer.myTags(movieId, saved)
  }

  /** The user's tags of the movie, by tag (case-insensitive). */
  private async read(client: TransactionClientContract | typeof db, userId: number, movieId: number) {
    const rows: { tag: string }[] = await client
      .from('movie_tags')
      .where({ user_id: userId, movie_id: movieId })
      .orderByRaw('lower(tag) ASC, tag ASC')
      .select('tag')
    return rows.map((row) => row.tag)
  }
}
