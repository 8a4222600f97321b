import env from '#start/env'
import type Movie from '#models/movie'
import type Genre from '#models/genre'
import type CastCredit from '#models/cast_credit'
import type CrewCredit from '#models/crew_credit'
import type MovieVideo from '#models/movie_video'
import type { VideoSite, VideoType } from '#models/movie_video'

const IMAGE_BASE = env.get('TMDB_IMAGE_BASE_URL', 'https://image.tmdb.org/t/p')

export function imageUrl(path: string | null | undefined, size: 'w185' | 'w500' | 'w1280') {
  return path ? `${IMAGE_BASE}/${size}${path}` : null
}

export interface GenreRef {
  id: number
  name: string
}

/** The anonymous part of MovieSummary: cacheable and shared by every viewer. */
export interface MovieSummary {
  id: number
  tmdb_id: number | null
  imdb_id: string | null
  movielens_id: number | null
  title: string
  original_title: string | null
  overview: string | null
  release_date: string | null
  year: number | null
  runtime: number | null
  adult: boolean
  original_language: string | null
  poster_url: string | null
  backdrop_url: string | null
  genres: GenreRef[]
  popularity: number
  vote_average: number
  vote_count: number
  average_rating: number | null
  rating_count: number
}

/** MovieDetail.collection: the franchise the movie belongs to (GET /collections/:id has the rest). */
export interface MovieCollectionRef {
  id: number
  name: string
  poster_url: string | null
}

/** An entry of MovieDetail.videos. */
export interface MovieVideoResource {
  key: string
  site: VideoSite
  type: VideoType
  name: string
  official: boolean
  published_at: string | null
  url: string
}

/** What MovieTransformer.videos reads: a `movie_videos` row (the date as ISO text or a Date). */
export interface MovieVideoRow {
  key: string
  site: VideoSite
  type: VideoType
  name: string
  official: boolean
  published_at: string | Date | null
}

/** Where a video plays: YouTube → https://www.youtube.com/watch?v=KEY, Vimeo → https://vimeo.com/KEY. */
export function videoUrl(site: VideoSite, key: string) {
  const encoded = encodeURIComponent(key)
  return site === 'Vimeo' ? `https://vimeo.com/${encoded}` : `https://www.youtube.com/watch?v=${encoded}`
}

export interface MovieDetail extends MovieSummary {
  tagline: string | null
  status: string | null
  budget: number | null
  revenue: number | null
  homepage: string | null
  spoken_languages: { iso_639_1: string; name: string }[]
  production_countries: { iso_3166_1: string; name: string }[]
  keywords: string[]
  cast: { person_id: number; name: string; character: string | null; order: number; profile_url: string | null }[]
  directors: { person_id: number; name: string }[]
  crew: { person_id: number; name: string; job: string; department: string | null }[]
  collection: MovieCollectionRef | null
  videos: MovieVideoResource[]
  /** Regions (ISO 3166-1) with at least one watch provider, sorted: where /movies/:id/watch-providers has offers. */
  watch_providers_regions: string[]
}

/** What MovieTransformer.summaryOfRow reads: `movies` columns, the date as text, genres by id. */
export interface MovieSummaryRow {
  id: number
  tmdb_id: number | null
  imdb_id: string | null
  movielens_id: number | null
  title: string
  original_title: string | null
  overview: string | null
  release_date: string | null
  year: number | null
  runtime: number | null
  adult: boolean
  original_language: string | null
  poster_path: string | null
  backdrop_path: string | null
  genres: GenreRef[]
  popularity: number
  vote_average: number
  vote_count: number
  average_rating: number | null
  rating_count: number
}

/** The fields a signed-in viewer gets on top of a summary. */
export interface ViewerFields {
  user_rating: number | null
  in_watchlist: boolean
  is_favorite: boolean
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

/**
 * Turns Movie models into the contract's MovieSummary / MovieDetail.
 * Expects `genres` preloaded (and keywords/cast/crew with their people for details).
 */
export default class MovieTransformer {
  static genres(genres: Genre[]): GenreRef[] {
    return genres.map((genre) => ({ id: genre.id, name: genre.name })).sort((a, b) => a.id - b.id)
  }

  /** POST /movies with a tmdb_id (202): the import job to follow. */
  static importQueued(jobId: string) {
    return { job_id: jobId }
  }

  static summary(movie: Movie): MovieSummary {
    return {
      id: movie.id,
      tmdb_id: movie.tmdbId,
      imdb_id: movie.imdbId,
      movielens_id: movie.movielensId,
      title: movie.title,
      original_title: movie.originalTitle,
      overview: movie.overview,
      release_date: movie.releaseDate?.toISODate() ?? null,
      year: movie.year,
      runtime: movie.runtime,
      adult: movie.adult,
      original_language: movie.originalLanguage,
      poster_url: imageUrl(movie.posterPath, 'w500'),
      backdrop_url: imageUrl(movie.backdropPath, 'w1280'),
      genres: movie.genres ? MovieTransformer.genres(movie.genres) : [],
      popularity: round(movie.popularity, 3),
      vote_average: round(movie.voteAverage, 1),
      vote_count: movie.voteCount,
      average_rating: movie.averageRating === null ? null : round(movie.averageRating, 2),
      rating_count: movie.ratingCount,
    }
  }

  /**
   * The same MovieSummary from a plain row (columns named as in `movies`,
   * `release_date` as text, `genres` sorted), for hot paths that read it
   * with SQL instead of instantiating models (app/services/catalogue/movie_summaries.ts).
   */
  static summaryOfRow(row: MovieSummaryRow): MovieSummary {
    return {
      id: row.id,
      tmdb_id: row.tmdb_id,
      imdb_id: row.imdb_id,
      movielens_id: row.movielens_id,
      title: row.title,
      original_title: row.original_title,
      overview: row.overview,
      release_date: row.release_date,
      year: row.year,
      runtime: row.runtime,
      adult: row.adult,
      original_language: row.original_language,
      poster_url: imageUrl(row.poster_path, 'w500'),
      backdrop_url: imageUrl(row.backdrop_path, 'w1280'),
      genres: row.genres,
      popularity: round(row.popularity, 3),
      vote_average: round(row.vote_average, 1),
      vote_count: row.vote_count,
      average_rating: row.average_rating === null ? null : round(row.average_rating, 2),
      rating_count: row.rating_count,
    }
  }

  /**
   * MovieDetail.videos: official trailers first, then everything else;
   * each group by published_at (oldest first, undated last), then by key.
   */
  static videos(rows: MovieVideoRow[]): MovieVideoResource[] {
    const videos = rows.map((row) => ({
      key: row.key,
      site: row.site,
      type: row.type,
      name: row.name,
      official: row.official,
      published_at: row.published_at === null ? null : new Date(row.published_at).toISOString(),
      url: videoUrl(row.site, row.key),
    }))
    const rank = (video: MovieVideoResource) => (video.official && video.type === 'Trailer' ? 0 : 1)
    return videos.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.published_at ?? '\uffff').localeCompare(b.published_at ?? '\uffff') ||
        a.key.localeCompare(b.key)
    )
  }

  /** MovieDetail.collection from the collection's row (null: in no collection). */
  static collectionRef(
    collection: { id: number; name: string; poster_path?: string | null; posterPath?: string | null } | null
  ): MovieCollectionRef | null {
    if (!collection) return null
    return {
      id: collection.id,
      name: collection.name,
      poster_url: imageUrl(collection.poster_path ?? collection.posterPath ?? null, 'w500'),
    }
  }

  /**
   * Expects genres, keywords, cast and crew (with their people) and videos preloaded;
   * `watchRegions`: the regions of the movie's watch providers (movie_watch_regions).
   */
  static detail(movie: Movie, collection: MovieCollectionRef | null = null, watchRegions: string[] = []): MovieDetail {
    const cast = [...(movie.cast ?? [])].sort((a, b) => a.order - b.order)
    const crew: CrewCredit[] = movie.crew ?? []
    return {
      ...MovieTransformer.summary(movie),
      tagline: movie.tagline,
      status: movie.status,
      budget: movie.budget,
      revenue: movie.revenue,
      homepage: movie.homepage,
      spoken_languages: movie.spokenLanguages ?? [],
      production_countries: movie.productionCountries ?? [],
      keywords: (movie.keywords ?? []).map((keyword) => keyword.name).sort(),
      cast: cast.map((credit: CastCredit) => ({
        person_id: credit.personId,
        name: credit.person.name,
        character: credit.character,
        order: credit.order,
        profile_url: imageUrl(credit.person.profilePath, 'w185'),
      })),
      directors: crew
        .filter((credit) => credit.job === 'Director')
        .map((credit) => ({ person_id: credit.personId, name: credit.person.name })),
      crew: crew.map((credit) => ({
        person_id: credit.personId,
        name: credit.person.name,
        job: credit.job,
        department: credit.department,
      })),
      collection,
      videos: MovieTransformer.videosOf(movie),
      watch_providers_regions: [...watchRegions].sort(),
    }
  }

  /** MovieDetail.videos from the preloaded `videos` relation. */
  static videosOf(movie: Movie): MovieVideoResource[] {
    return MovieTransformer.videos(
      (movie.videos ?? []).map((video: MovieVideo) => ({
        key: video.key,
        site: video.site,
        type: video.type,
        name: video.name,
        official: video.official,
        published_at: video.publishedAt?.toJSDate() ?? null,
      }))
    )
  }
}
