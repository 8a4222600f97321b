import type Series from '#models/series'
import type Season from '#models/season'
import type Episode from '#models/episode'
import type SeriesCastCredit from '#models/series_cast_credit'
import MovieTransformer, { imageUrl, type GenreRef } from '#transformers/movie_transformer'

/** The anonymous part of a series summary: cacheable and shared by every viewer. */
export interface SeriesSummary {
  id: number
  is_series: true
  tmdb_id: number
  imdb_id: string | null
  name: string
  /** Same as `name`, so lists mixing movies and series render alike. */
  title: string
  original_name: string | null
  overview: string | null
  first_air_date: string | null
  last_air_date: string | null
  year: number | null
  status: string | null
  in_production: boolean
  number_of_seasons: number
  number_of_episodes: number
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

export interface EpisodeSummary {
  id: number
  season_number: number
  episode_number: number
  name: string | null
  overview: string | null
  air_date: string | null
  runtime: number | null
  still_url: string | null
  vote_average: number
  vote_count: number
}

export interface SeasonDetail {
  id: number
  season_number: number
  name: string | null
  overview: string | null
  air_date: string | null
  poster_url: string | null
  episode_count: number
  vote_average: number
  episodes: EpisodeSummary[]
}

export interface SeriesDetail extends SeriesSummary {
  tagline: string | null
  type: string | null
  homepage: string | null
  certification: string | null
  networks: { id: number; name: string; logo_url: string | null; origin_country: string | null }[]
  keywords: string[]
  cast: { person_id: number; name: string; character: string | null; order: number; profile_url: string | null }[]
  seasons: SeasonDetail[]
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

/**
 * Turns Series models into their JSON shapes. Expects `genres` preloaded
 * (and networks, keywords, cast with people, seasons with episodes for details).
 */
export default class SeriesTransformer {
  static summary(series: Series): SeriesSummary {
    return {
      id: series.id,
      is_series: true,
      tmdb_id: series.tmdbId,
      imdb_id: series.imdbId,
      name: series.name,
      title: series.name,
      original_name: series.originalName,
      overview: series.overview,
      first_air_date: series.firstAirDate?.toISODate() ?? null,
      last_air_date: series.lastAirDate?.toISODate() ?? null,
      year: series.year,
      status: series.status,
      in_production: series.inProduction,
      number_of_seasons: series.numberOfSeasons,
      number_of_episodes: series.numberOfEpisodes,
      adult: series.adult,
      original_language: series.originalLanguage,
      poster_url: imageUrl(series.posterPath, 'w500'),
      backdrop_url: imageUrl(series.backdropPath, 'w1280'),
      genres: series.genres ? MovieTransformer.genres(series.genres) : [],
      popularity: round(series.popularity, 3),
      vote_average: round(series.voteAverage, 1),
      vote_count: series.voteCount,
      average_rating: series.averageRating === null ? null : round(series.averageRating, 2),
      rating_count: series.ratingCount,
    }
  }

  static episode(episode: Episode): EpisodeSummary {
    return {
      id: episode.id,
      season_number: episode.seasonNumber,
      episode_number: episode.episodeNumber,
      name: episode.name,
      overview: episode.overview,
      air_date: episode.airDate?.toISODate() ?? null,
      runtime: episode.runtime,
      still_url: imageUrl(episode.stillPath, 'w500'),
      vote_average: round(episode.voteAverage, 1),
      vote_count: episode.voteCount,
    }
  }

  static season(season: Season): SeasonDetail {
    return {
      id: season.id,
      season_number: season.seasonNumber,
      name: season.name,
      overview: season.overview,
      air_date: season.airDate?.toISODate() ?? null,
      poster_url: imageUrl(season.posterPath, 'w500'),
      episode_count: season.episodeCount,
      vote_average: round(season.voteAverage, 1),
      episodes: [...(season.episodes ?? [])]
        .sort((a, b) => a.episodeNumber - b.episodeNumber)
        .map((episode) => SeriesTransformer.episode(episode)),
    }
  }

  static detail(series: Series): SeriesDetail {
    const cast = [...(series.cast ?? [])].sort((a, b) => a.order - b.order)
    return {
      ...SeriesTransformer.summary(series),
      tagline: series.tagline,
      type: series.type,
      homepage: series.homepage,
      certification: series.certification,
      networks: [...(series.networks ?? [])]
        .sort((a, b) => a.id - b.id)
        .map((network) => ({
          id: network.id,
          name: network.name,
          logo_url: imageUrl(network.logoPath, 'w185'),
          origin_country: network.originCountry,
        })),
      keywords: (series.keywords ?? []).map((keyword) => keyword.name).sort(),
      cast: cast.map((credit: SeriesCastCredit) => ({
        person_id: credit.personId,
        name: credit.person.name,
        character: credit.character,
        order: credit.order,
        profile_url: imageUrl(credit.person.profilePath, 'w185'),
      })),
      seasons: [...(series.seasons ?? [])]
        .sort((a, b) => a.seasonNumber - b.seasonNumber)
        .map((season) => SeriesTransformer.season(season)),
    }
  }
}
