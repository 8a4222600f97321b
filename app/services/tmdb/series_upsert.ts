import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Series from '#models/series'
import { SERIES_KIND } from '#services/catalogue/title_kinds'
import { billedCast, castRows, personRow, replaceCast } from '#services/tmdb/title_credits'
import type {
  TmdbCastMember,
  TmdbContentRatings,
  TmdbGenre,
  TmdbKeyword,
  TmdbNetwork,
  TmdbTvDetails,
  TmdbTvSeason,
} from '#services/tmdb/types'
import { normaliseImdbId, parseDate, text, clip, positive, finite, byId, uniqueBy, upsertGenres, upsertKeywords, upsertPeople, snakeCase } from '#services/tmdb/tmdb_values'

/** Advisory lock key of series writes (the movie list refreshes use 7_310_001). */
const SERIES_WRITE_LOCK = 7_310_003

export interface ApplySeriesResult {
  series: Series
  created: boolean
  /** Columns (snake_case) and relations (genres, keywords, networks, cast) that changed. */
  changedFields: string[]
  seasons: number
  episodes: number
}

/**
 * Writes a TMDB show (GET /tv/{id} with credits, keywords, content ratings
 * and external ids appended) and its fetched seasons into the catalogue, in
 * the caller's transaction. The movie upsert's rules hold: a value TMDB
 * sends empty never replaces one we have, relations are replaced only by a
 * non-empty list, and nothing is deleted (a season TMDB stops listing stays).
 */
export async function applyTmdbSeries(
  data: TmdbTvDetails,
  seasons: TmdbTvSeason[],
  client: TransactionClientContract
): Promise<ApplySeriesResult> {
  // Concurrent syncs share genres, keywords, networks and people; in-id-order
  // inserts were not enough (deadlocks seen with a dozen parallel syncs), so
  // series writes take turns. Each is a few milliseconds; the fetches, the
  // slow part, stay parallel.
  await client.rawQuery('SELECT pg_advisory_xact_lock(?)', [SERIES_WRITE_LOCK])
  let series = await Series.query({ client }).where('tmdb_id', data.id).forUpdate().first()
  const created = !series
  if (!series) {
    series = new Series()
    series.tmdbId = data.id
    series.name = clip(data.name ?? data.original_name, 500) ?? `TMDB ${data.id}`
  }
  series.useTransaction(client)
  assignScalars(series, data)

  const changedFields = created
    ? Object.keys(series.$attributes).map(snakeCase)
    : Object.keys(series.$dirty).map(snakeCase)
  series.metadataSyncedAt = DateTime.utc()
  await series.save()

  if (data.genres?.length && (await syncGenres(series, data.genres, client))) changedFields.push('genres')
  const keywords = data.keywords?.results
  if (keywords?.length && (await syncKeywords(series, keywords, client))) changedFields.push('keywords')
  if (data.networks?.length && (await syncNetworks(series, data.networks, client))) changedFields.push('networks')
  if (data.credits?.cast.length && (await syncCast(series, data.credits.cast, client))) changedFields.push('cast')

  let episodes = 0
  for (const season of seasons) episodes += await upsertSeason(series, season, client)
  return { series, created, changedFields, seasons: seasons.length, episodes }
}

function assignScalars(series: Series, data: TmdbTvDetails) {
  const set = <K extends keyof Series>(key: K, value: Series[K] | null | undefined) => {
    if (value !== null && value !== undefined) series[key] = value
  }
  set('name', clip(data.name, 500))
  set('originalName', clip(data.original_name, 500))
  set('overview', text(data.overview))
  set('tagline', clip(data.tagline, 1000))
  set('originalLanguage', clip(data.original_language, 16))
  set('status', clip(data.status, 32))
  set('type', clip(data.type, 32))
  set('homepage', clip(data.homepage, 1000))
  set('posterPath', clip(data.poster_path, 255))
  set('backdropPath', clip(data.backdrop_path, 255))
  set('certification', clip(usTvRating(data.content_ratings), 16))
  set('imdbId', normaliseImdbId(data.external_ids?.imdb_id))
  if (typeof data.adult === 'boolean') series.adult = data.adult
  if (typeof data.in_production === 'boolean') series.inProduction = data.in_production

  const firstAirDate = parseDate(data.first_air_date)
  // Compared as dates: the stored value comes back in another zone.
  if (firstAirDate && series.firstAirDate?.toISODate() !== firstAirDate.toISODate()) {
    series.firstAirDate = firstAirDate
  }
  if (firstAirDate) set('year', firstAirDate.year)
  const lastAirDate = parseDate(data.last_air_date)
  if (lastAirDate && series.lastAirDate?.toISODate() !== lastAirDate.toISODate()) {
    series.lastAirDate = lastAirDate
  }

  set('popularity', finite(data.popularity))
  set('voteAverage', finite(data.vote_average))
  set('voteCount', finite(data.vote_count))
  set('numberOfSeasons', positive(data.number_of_seasons))
  set('numberOfEpisodes', positive(data.number_of_episodes))
}

async function syncGenres(series: Series, genres: TmdbGenre[], client: TransactionClientContract) {
  return syncPivot(series, 'genres', await upsertGenres(genres, client), client)
}

async function syncKeywords(series: Series, keywords: TmdbKeyword[], client: TransactionClientContract) {
  return syncPivot(series, 'keywords', await upsertKeywords(keywords, client), client)
}

async function syncNetworks(series: Series, networks: TmdbNetwork[], client: TransactionClientContract) {
  const rows = byId(uniqueBy(networks, (network) => network.id)).map((network) => ({
    id: network.id,
    name: clip(network.name, 255) ?? `Network ${network.id}`,
    logo_path: clip(network.logo_path, 255),
    origin_country: clip(network.origin_country, 8),
  }))
  await client
    .insertQuery()
    .table('networks')
    .multiInsert(rows)
    .onConflict('id')
    .merge(['name', 'logo_path', 'origin_country'])
  return syncPivot(
    series,
    'networks',
    rows.map((row) => row.id),
    client
  )
}

const PIVOTS = {
  genres: { table: 'series_genres', column: 'genre_id' },
  keywords: { table: 'series_keywords', column: 'keyword_id' },
  networks: { table: 'series_networks', column: 'network_id' },
} as const

async function syncPivot(
  series: Series,
  relation: keyof typeof PIVOTS,
  ids: number[],
  client: TransactionClientContract
) {
  const { table, column } = PIVOTS[relation]
  const current = await client.from(table).where('series_id', series.id).select(column)
  const before = new Set(current.map((row: Record<string, number>) => row[column]))
  if (before.size === ids.length && ids.every((id) => before.has(id))) return false
  await series.related(relation).sync(ids, true, client)
  return true
}

/** Replaces the billed cast when TMDB's differs; returns whether it changed. */
async function syncCast(series: Series, cast: TmdbCastMember[], client: TransactionClientContract) {
  const billed = billedCast(cast)
  const people = uniqueBy(billed.map(personRow), (person) => person.tmdb_id).sort((a, b) => a.tmdb_id - b.tmdb_id)
  const personIds = await upsertPeople(people, client)
  return replaceCast(SERIES_KIND, series.id, castRows(billed, personIds), client)
}

/**
 * Upserts one season and its episodes by their natural keys (series +
 * season number, season + episode number); returns the episode count.
 */
async function upsertSeason(series: Series, season: TmdbTvSeason, client: TransactionClientContract) {
  const [row] = await client
    .insertQuery()
    .table('seasons')
    .insert({
      series_id: series.id,
      tmdb_id: season.id ?? null,
      season_number: season.season_number,
      name: clip(season.name, 500),
      overview: text(season.overview),
      air_date: parseDate(season.air_date)?.toISODate() ?? null,
      poster_path: clip(season.poster_path, 255),
      episode_count: season.episodes?.length ?? season.episode_count ?? 0,
      vote_average: finite(season.vote_average) ?? 0,
    })
    .onConflict(['series_id', 'season_number'])
    .merge({
      tmdb_id: client.raw('EXCLUDED.tmdb_id'),
      name: client.raw('COALESCE(EXCLUDED.name, seasons.name)'),
      overview: client.raw('COALESCE(EXCLUDED.overview, seasons.overview)'),
      air_date: client.raw('COALESCE(EXCLUDED.air_date, seasons.air_date)'),
      poster_path: client.raw('COALESCE(EXCLUDED.poster_path, seasons.poster_path)'),
      episode_count: client.raw('EXCLUDED.episode_count'),
      vote_average: client.raw('EXCLUDED.vote_average'),
      updated_at: client.raw('now()'),
    })
    .returning('id')
  const seasonId = typeof row === 'object' ? (row as { id: number }).id : (row as number)

  const episodes = uniqueBy(season.episodes ?? [], (episode) => episode.episode_number)
  if (!episodes.length) return 0
  await client
    .insertQuery()
    .table('episodes')
    .multiInsert(
      episodes
        .sort((a, b) => a.episode_number - b.episode_number)
        .map((episode) => ({
          season_id: seasonId,
          series_id: series.id,
          tmdb_id: episode.id ?? null,
          season_number: season.season_number,
          episode_number: episode.episode_number,
          name: clip(episode.name, 500),
          overview: text(episode.overview),
          air_date: parseDate(episode.air_date)?.toISODate() ?? null,
          runtime: positive(episode.runtime),
          still_path: clip(episode.still_path, 255),
          vote_average: finite(episode.vote_average) ?? 0,
          vote_count: finite(episode.vote_count) ?? 0,
        }))
    )
    .onConflict(['season_id', 'episode_number'])
    .merge({
      tmdb_id: client.raw('EXCLUDED.tmdb_id'),
      name: client.raw('COALESCE(EXCLUDED.name, episodes.name)'),
      overview: client.raw('COALESCE(EXCLUDED.overview, episodes.overview)'),
      air_date: client.raw('COALESCE(EXCLUDED.air_date, episodes.air_date)'),
      runtime: client.raw('COALESCE(EXCLUDED.runtime, episodes.runtime)'),
      still_path: client.raw('COALESCE(EXCLUDED.still_path, episodes.still_path)'),
      vote_average: client.raw('EXCLUDED.vote_average'),
      vote_count: client.raw('EXCLUDED.vote_count'),
      updated_at: client.raw('now()'),
    })
  return episodes.length
}

/** The US TV rating (TV-14, TV-MA…), what the "teen" maturity filter reads. */
export function usTvRating(ratings: TmdbContentRatings | undefined) {
  return ratings?.results.find((result) => result.iso_3166_1 === 'US')?.rating?.trim() || null
}
