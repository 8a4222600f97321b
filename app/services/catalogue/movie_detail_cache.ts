import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { redisConnection } from '#config/redis'
import { LocalAuthCache } from '#services/auth/local_auth_cache'
import MovieTransformer, {
  imageUrl,
  type MovieDetail,
  type MovieSummaryRow,
  type MovieVideoRow,
} from '#transformers/movie_transformer'

/**
 * A movie's detail as the API sends it, shared by every viewer: the object,
 * its JSON without the closing brace (per-viewer fields are appended to it,
 * so a request serialises nothing), and what decides who may see it.
 */
export interface DetailEntry {
  detail: MovieDetail
  /** `JSON.stringify(detail)` minus its final `}`. */
  head: string
  adult: boolean
  hidden: boolean
  certification: string | null
}

/**
 * Movie details in process memory (L1), kept in step across processes by
 * the Redis pub/sub bus of local_auth_cache.ts on its own channel. Every
 * writer of what a detail shows goes through `invalidateMovie` /
 * `invalidateAllMovies` (catalogue_cache.ts), which drop the entry here at
 * once and in the other processes when the message arrives; while the
 * subscriber is down nothing is served from memory. A miss is one
 * hand-planned query (`loadDetailEntry`), as cheap as a Redis read, so
 * there is no second (Redis) level for details.
 *
 * Process-wide state: one in-memory cache per process, hence a module instance.
 */
export const movieDetailCache = new LocalAuthCache({
  channel: `marquee:movie-detail-l1:${redisConnection.db}`,
  ttlMs: 15 * 60_000,
  // ~1–20 kB a detail: bounds the memory at a few hundred MB on a 100k-movie catalogue.
  maxEntries: 50_000,
  connection: redisConnection,
  publish: (channel, message) => redis.publish(channel, message),
})

app.terminating(() => movieDetailCache.close())

/** The detail entry of a movie (hidden and adult ones included: callers decide), or null when it does not exist. */
export function detailEntry(movieId: number): Promise<DetailEntry | null> {
  return movieDetailCache.getOrLoad(String(movieId), () => loadDetailEntry(movieId))
}

export async function invalidateMovieDetails(movieIds: number[]) {
  await movieDetailCache.invalidate(movieIds.map(String))
}

export async function invalidateAllMovieDetails() {
  await movieDetailCache.invalidateAll()
}

interface DetailRow extends MovieSummaryRow {
  tagline: string | null
  status: string | null
  budget: string | null
  revenue: string | null
  homepage: string | null
  spoken_languages: { iso_639_1: string; name: string }[] | null
  production_countries: { iso_3166_1: string; name: string }[] | null
  is_hidden: boolean
  certification: string | null
  keywords: string[]
  cast: { person_id: number; name: string; character: string | null; order: number; profile_path: string | null }[]
  crew: { person_id: number; name: string; job: string; department: string | null }[]
  collection: { id: number; name: string; poster_path: string | null } | null
  videos: MovieVideoRow[]
  watch_providers_regions: string[]
}

/**
 * The whole detail in one round trip (the Lucid version took seven: movie,
 * genres, keywords, cast + people, crew + people, collection, videos), shaped exactly as
 * MovieTransformer.detail shapes the models.
 */
async function loadDetailEntry(movieId: number): Promise<DetailEntry | null> {
  const result = await db.rawQuery<{ rows: DetailRow[] }>(
    `SELECT m.id, m.tmdb_id, m.imdb_id, m.movielens_id, m.title, m.original_title, m.overview,
            to_char(m.release_date, 'YYYY-MM-DD') AS release_date, m.year, m.runtime, m.adult, m.original_language,
            m.poster_path, m.backdrop_path, m.popularity, m.vote_average, m.vote_count, m.average_rating, m.rating_count,
            m.tagline, m.status, m.budget, m.revenue, m.homepage, m.spoken_languages, m.production_countries,
            m.is_hidden, m.certification,
            coalesce((SELECT json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.id)
                        FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = m.id), '[]') AS genres,
            coalesce((SELECT json_agg(k.name) FROM movie_keywords mk JOIN keywords k ON k.id = mk.keyword_id
                       WHERE mk.movie_id = m.id), '[]') AS keywords,
            coalesce((SELECT json_agg(json_build_object('person_id', c.person_id, 'name', p.name, 'character', c.character,
                                                        'order', c."order", 'profile_path', p.profile_path) ORDER BY c."order", c.id)
                        FROM movie_cast c JOIN people p ON p.id = c.person_id WHERE c.movie_id = m.id), '[]') AS cast,
            coalesce((SELECT json_agg(json_build_object('person_id', c.person_id, 'name', p.name, 'job', c.job,
                                                        'department', c.department) ORDER BY c.id)
                        FROM movie_crew c JOIN people p ON p.id = c.person_id WHERE c.movie_id = m.id), '[]') AS crew,
            (SELECT json_build_object('id', col.id, 'name', col.name, 'poster_path', col.poster_path)
               FROM collections col WHERE col.id = m.collection_id) AS collection,
            coalesce((SELECT json_agg(json_build_object('key', v.key, 'site', v.site, 'type', v.type, 'name', v.name,
                                                        'official', v.official, 'published_at', v.published_at))
                        FROM movie_videos v WHERE v.movie_id = m.id), '[]') AS videos,
            coalesce((SELECT json_agg(w.region) FROM movie_watch_regions w WHERE w.movie_id = m.id), '[]') AS watch_providers_regions
       FROM movies m WHERE m.id = ?`,
    [movieId]
  )
  const row = result.rows[0]
  if (!row) return null
  const detail: MovieDetail = {
    ...MovieTransformer.summaryOfRow(row),
    tagline: row.tagline,
    status: row.status,
    budget: row.budget === null ? null : Number(row.budget),
    revenue: row.revenue === null ? null : Number(row.revenue),
    homepage: row.homepage,
    spoken_languages: row.spoken_languages ?? [],
    production_countries: row.production_countries ?? [],
    // Sorted here, not by the database's collation, as the transformer does.
    keywords: row.keywords.sort(),
    cast: row.cast.map((credit) => ({
      person_id: credit.person_id,
      name: credit.name,
      character: credit.character,
      order: credit.order,
      profile_url: imageUrl(credit.profile_path, 'w185'),
    })),
    directors: row.crew
      .filter((credit) => credit.job === 'Director')
      .map((credit) => ({ person_id: credit.person_id, name: credit.name })),
    crew: row.crew,
    collection: MovieTransformer.collectionRef(row.collection),
    // Ordered by the transformer (official trailers first), not by the database.
    videos: MovieTransformer.videos(row.videos),
    // Sorted here, like the keywords (the movie sync invalidates the entry when they change).
    watch_providers_regions: row.watch_providers_regions.sort(),
  }
  const json = JSON.stringify(detail)
  return {
    detail,
    head: json.slice(0, -1),
    adult: row.adult,
    hidden: row.is_hidden,
    certification: row.certification,
  }
}
