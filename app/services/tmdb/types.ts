/**
 * The subset of TMDB's v3 API shapes this project reads (and the fake
 * server writes). Field names are TMDB's own, snake_case.
 */

export interface TmdbGenre {
  id: number
  name: string
}

export interface TmdbKeyword {
  id: number
  name: string
}

export interface TmdbSpokenLanguage {
  iso_639_1: string
  name: string
  english_name?: string
}

export interface TmdbProductionCountry {
  iso_3166_1: string
  name: string
}

export interface TmdbProductionCompany {
  id: number
  name: string
  logo_path?: string | null
  origin_country?: string
}

export interface TmdbCastMember {
  id: number
  name: string
  original_name?: string
  character: string | null
  order: number
  credit_id?: string
  cast_id?: number
  gender?: number
  adult?: boolean
  known_for_department?: string | null
  popularity?: number
  profile_path: string | null
}

export interface TmdbCrewMember {
  id: number
  name: string
  original_name?: string
  job: string
  department: string
  credit_id?: string
  gender?: number
  adult?: boolean
  known_for_department?: string | null
  popularity?: number
  profile_path: string | null
}

export interface TmdbCredits {
  id?: number
  cast: TmdbCastMember[]
  crew: TmdbCrewMember[]
}

export interface TmdbReleaseDate {
  certification: string
  descriptors?: string[]
  iso_639_1: string
  note: string
  release_date: string
  /** 1 premiere, 2 limited theatrical, 3 theatrical, 4 digital, 5 physical, 6 TV */
  type: number
}

export interface TmdbReleaseDates {
  id?: number
  results: { iso_3166_1: string; release_dates: TmdbReleaseDate[] }[]
}

export interface TmdbExternalIds {
  id?: number
  imdb_id: string | null
  wikidata_id?: string | null
  facebook_id?: string | null
  instagram_id?: string | null
  twitter_id?: string | null
}

export interface TmdbImage {
  aspect_ratio: number
  file_path: string
  height: number
  width: number
  iso_639_1: string | null
  vote_average: number
  vote_count: number
}

export interface TmdbImages {
  id?: number
  backdrops: TmdbImage[]
  logos: TmdbImage[]
  posters: TmdbImage[]
}

/**
 * GET /movie/{id}. With `append_to_response`, the appended sub-resources
 * appear under their own names.
 */
export interface TmdbMovieDetails {
  id: number
  title: string
  original_title: string
  overview: string | null
  tagline: string | null
  release_date: string | null
  runtime: number | null
  adult: boolean
  original_language: string | null
  poster_path: string | null
  backdrop_path: string | null
  popularity: number
  vote_average: number
  vote_count: number
  status: string | null
  budget: number
  revenue: number
  homepage: string | null
  imdb_id: string | null
  video?: boolean
  belongs_to_collection?: TmdbCollectionRef | null
  genres: TmdbGenre[]
  spoken_languages: TmdbSpokenLanguage[]
  production_countries: TmdbProductionCountry[]
  production_companies: TmdbProductionCompany[]
  credits?: TmdbCredits
  keywords?: { id?: number; keywords: TmdbKeyword[] }
  release_dates?: TmdbReleaseDates
  external_ids?: TmdbExternalIds
  images?: TmdbImages
  videos?: TmdbVideos
  /** Appended as `watch/providers` (TMDB keeps the slash in the key). */
  'watch/providers'?: TmdbWatchProviders
}

/** One entry of a movie's `videos` (GET /movie/{id}/videos). */
export interface TmdbVideo {
  /** TMDB's id of the video. */
  id: string
  iso_639_1: string | null
  iso_3166_1: string | null
  name: string
  /** The video's id on its site. */
  key: string
  /** "YouTube", "Vimeo". */
  site: string
  size: number
  /** "Trailer", "Teaser", "Clip", "Featurette", "Behind the Scenes", "Bloopers", "Opening Credits". */
  type: string
  official: boolean
  /** ISO 8601, e.g. "2014-10-07T16:00:00.000Z". */
  published_at: string | null
}

export interface TmdbVideos {
  id?: number
  results: TmdbVideo[]
}

/** An offer's provider inside GET /movie/{id}/watch/providers. */
export interface TmdbWatchProviderOffer {
  provider_id: number
  provider_name: string
  logo_path: string | null
  display_priority: number
}

/** The kinds of offer TMDB lists per region (JustWatch's monetisation types). */
export const WATCH_KINDS = ['flatrate', 'rent', 'buy', 'free'] as const
export type WatchKind = (typeof WATCH_KINDS)[number]

/** One region of GET /movie/{id}/watch/providers: TMDB's page for it and the offers by kind. */
export type TmdbWatchRegion = { link?: string | null } & Partial<Record<WatchKind | 'ads', TmdbWatchProviderOffer[]>>

/** GET /movie/{id}/watch/providers (or appended): offers by ISO 3166-1 region. */
export interface TmdbWatchProviders {
  id?: number
  results: Record<string, TmdbWatchRegion>
}

/** An item of GET /watch/providers/movie (the provider list, optionally of one region). */
export interface TmdbWatchProvider {
  provider_id: number
  provider_name: string
  logo_path: string | null
  display_priority: number
  /** Priority by region code. */
  display_priorities?: Record<string, number>
}

/** An item of GET /watch/providers/regions. */
export interface TmdbWatchProviderRegion {
  iso_3166_1: string
  english_name: string
  native_name: string
}

/** A movie's `belongs_to_collection`: enough to name and show the collection. */
export interface TmdbCollectionRef {
  id: number
  name: string
  poster_path: string | null
  backdrop_path: string | null
}

/** GET /collection/{id}. */
export interface TmdbCollectionDetails extends TmdbCollectionRef {
  overview: string | null
  parts: TmdbMovieListItem[]
}

/** GET /person/{id}. */
export interface TmdbPersonDetails {
  id: number
  name: string
  biography: string | null
  birthday: string | null
  deathday: string | null
  place_of_birth: string | null
  profile_path: string | null
  known_for_department: string | null
  imdb_id: string | null
  popularity: number
  gender?: number
  adult?: boolean
  also_known_as?: string[]
  homepage?: string | null
  /** With `append_to_response=movie_credits`. */
  movie_credits?: TmdbPersonMovieCredits
}

/** A movie in a person's filmography: the list item plus the credit. */
export type TmdbPersonCastCredit = TmdbMovieListItem & { character: string | null; credit_id: string; order: number }
export type TmdbPersonCrewCredit = TmdbMovieListItem & { credit_id: string; department: string; job: string }

/** GET /person/{id}/movie_credits (`id` absent when appended). */
export interface TmdbPersonMovieCredits {
  id?: number
  cast: TmdbPersonCastCredit[]
  crew: TmdbPersonCrewCredit[]
}

/**
 * What the upsert understands: a movie details object, possibly partial.
 * The dump's rows produce this shape without credits, images or adult.
 */
export type TmdbMovieInput = Pick<TmdbMovieDetails, 'id'> & Partial<Omit<TmdbMovieDetails, 'id'>>

/** An item of the list endpoints (trending, popular, upcoming). */
export interface TmdbMovieListItem {
  id: number
  title: string
  original_title: string
  overview: string | null
  release_date: string | null
  adult: boolean
  original_language: string | null
  poster_path: string | null
  backdrop_path: string | null
  genre_ids: number[]
  popularity: number
  vote_average: number
  vote_count: number
  video: boolean
  media_type?: 'movie'
}

export interface TmdbPage<T> {
  page: number
  results: T[]
  total_pages: number
  total_results: number
}

export interface TmdbUpcomingPage extends TmdbPage<TmdbMovieListItem> {
  dates: { maximum: string; minimum: string }
}

export interface TmdbChangeItem {
  id: number
  adult: boolean | null
}

export interface TmdbConfiguration {
  images: {
    base_url: string
    secure_base_url: string
    backdrop_sizes: string[]
    logo_sizes: string[]
    poster_sizes: string[]
    profile_sizes: string[]
    still_sizes: string[]
  }
  change_keys: string[]
}

export interface TmdbErrorBody {
  success?: false
  status_code?: number
  status_message?: string
}

export type TrendingWindow = 'day' | 'week'

/* ------------------------------------------------------------------ TV (issue 9) */

export interface TmdbNetwork {
  id: number
  name: string
  logo_path: string | null
  origin_country: string
}

/** A season as listed inside GET /tv/{id} (no episodes). */
export interface TmdbTvSeasonSummary {
  id: number
  season_number: number
  name: string
  overview: string
  air_date: string | null
  poster_path: string | null
  episode_count: number
  vote_average: number
}

export interface TmdbTvEpisode {
  id: number
  show_id: number
  season_number: number
  episode_number: number
  name: string
  overview: string
  air_date: string | null
  runtime: number | null
  still_path: string | null
  vote_average: number
  vote_count: number
  production_code?: string
  episode_type?: string
  crew?: TmdbCrewMember[]
  guest_stars?: TmdbCastMember[]
}

/** GET /tv/{id}/season/{n}. */
export interface TmdbTvSeason extends TmdbTvSeasonSummary {
  _id?: string
  episodes: TmdbTvEpisode[]
}

export interface TmdbContentRatings {
  id?: number
  results: { iso_3166_1: string; rating: string; descriptors?: string[] }[]
}

export interface TmdbTvExternalIds {
  id?: number
  imdb_id: string | null
  tvdb_id?: number | null
  wikidata_id?: string | null
  facebook_id?: string | null
  instagram_id?: string | null
  twitter_id?: string | null
}

/** GET /tv/{id}, with `append_to_response` sub-resources under their own names. */
export interface TmdbTvDetails {
  id: number
  name: string
  original_name: string
  overview: string | null
  tagline: string | null
  first_air_date: string | null
  last_air_date: string | null
  adult: boolean
  in_production: boolean
  status: string | null
  type: string | null
  homepage: string | null
  original_language: string | null
  origin_country: string[]
  languages: string[]
  poster_path: string | null
  backdrop_path: string | null
  popularity: number
  vote_average: number
  vote_count: number
  number_of_seasons: number
  number_of_episodes: number
  episode_run_time: number[]
  genres: TmdbGenre[]
  networks: TmdbNetwork[]
  created_by: { id: number; name: string; profile_path: string | null }[]
  seasons: TmdbTvSeasonSummary[]
  credits?: TmdbCredits
  /** TV keywords come as `results`, unlike movies' `keywords`. */
  keywords?: { id?: number; results: TmdbKeyword[] }
  content_ratings?: TmdbContentRatings
  external_ids?: TmdbTvExternalIds
}

/** An item of the TV list endpoints (trending, popular, top rated, on the air). */
export interface TmdbTvListItem {
  id: number
  name: string
  original_name: string
  overview: string | null
  first_air_date: string | null
  adult: boolean
  original_language: string | null
  origin_country: string[]
  poster_path: string | null
  backdrop_path: string | null
  genre_ids: number[]
  popularity: number
  vote_average: number
  vote_count: number
  media_type?: 'tv'
}
