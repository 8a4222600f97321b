import type {
  TmdbCastMember,
  TmdbContentRatings,
  TmdbCredits,
  TmdbGenre,
  TmdbKeyword,
  TmdbNetwork,
  TmdbTvDetails,
  TmdbTvEpisode,
  TmdbTvExternalIds,
  TmdbTvListItem,
  TmdbTvSeason,
  TmdbTvSeasonSummary,
} from '#services/tmdb/types'
import { addDays, hash, imagePath, isoDate, seededRandom } from './catalogue.js'
import { ACTOR_COUNT, PERSON_ID_BASE, ROLE_FIRST_NAMES, ROLE_LAST_NAMES, ROLE_TITLES, personName } from './names.js'

/*
| Invented TV shows for the fake TMDB server (the dump holds no series).
| Everything is derived from the show's id, except the current season of a
| show in production, which airs around "today" so /tv/on_the_air and
| future episodes stay meaningful whenever the suite runs.
*/

/** TMDB's TV genre list (ids shared with movies where the names match). */
export const TV_GENRES: TmdbGenre[] = [
  { id: 10759, name: 'Action & Adventure' },
  { id: 16, name: 'Animation' },
  { id: 35, name: 'Comedy' },
  { id: 80, name: 'Crime' },
  { id: 99, name: 'Documentary' },
  { id: 18, name: 'Drama' },
  { id: 10751, name: 'Family' },
  { id: 10762, name: 'Kids' },
  { id: 9648, name: 'Mystery' },
  { id: 10763, name: 'News' },
  { id: 10764, name: 'Reality' },
  { id: 10765, name: 'Sci-Fi & Fantasy' },
  { id: 10766, name: 'Soap' },
  { id: 10767, name: 'Talk' },
  { id: 10768, name: 'War & Politics' },
  { id: 37, name: 'Western' },
]

export const TV_NETWORKS: TmdbNetwork[] = [
  { id: 8101, name: 'Meridian One', logo_path: imagePath('network:8101'), origin_country: 'US' },
  { id: 8102, name: 'Northlight', logo_path: imagePath('network:8102'), origin_country: 'GB' },
  { id: 8103, name: 'Streamhaven', logo_path: imagePath('network:8103'), origin_country: 'US' },
  { id: 8104, name: 'Canal Lumière', logo_path: imagePath('network:8104'), origin_country: 'FR' },
  { id: 8105, name: 'Kumo TV', logo_path: null, origin_country: 'JP' },
  { id: 8106, name: 'Brightwave Kids', logo_path: imagePath('network:8106'), origin_country: 'US' },
  { id: 8107, name: 'Atlas Documentary', logo_path: imagePath('network:8107'), origin_country: 'GB' },
  { id: 8108, name: 'Onda', logo_path: imagePath('network:8108'), origin_country: 'ES' },
  { id: 8109, name: 'Hanul', logo_path: imagePath('network:8109'), origin_country: 'KR' },
  { id: 8110, name: 'Kanal Nord', logo_path: imagePath('network:8110'), origin_country: 'DE' },
]

/** Keyword ids far from the dump's, so a show never renames a movie's keyword. */
const KEYWORD_ID_BASE = 8_000_000
const KEYWORDS = [
  'small town', 'police procedural', 'space station', 'family secrets', 'coming of age', 'workplace',
  'heist', 'time travel', 'courtroom', 'political intrigue', 'survival', 'cooking competition',
  'nature', 'boarding school', 'frontier', 'hospital', 'journalism', 'detective', 'dystopia', 'friendship',
].map((name, index): TmdbKeyword => ({ id: KEYWORD_ID_BASE + index + 1, name }))

/** First show id; the others follow (TV ids are their own namespace on TMDB). */
export const TV_ID_BASE = 90_001

interface ShowSpec {
  name: string
  originalName?: string
  language?: string
  genres: number[]
  networks: number[]
  year: number
  seasons: number
  /** Still making new episodes: the last season airs around today. */
  inProduction?: boolean
  status?: 'Ended' | 'Canceled'
  type?: 'Scripted' | 'Miniseries' | 'Documentary' | 'Reality' | 'Talk Show' | 'Animation'
  rating: string
  adult?: boolean
}

const SHOWS: ShowSpec[] = [
  { name: 'The Saltmarsh Inquiry', genres: [80, 18, 9648], networks: [8102], year: 2016, seasons: 4, status: 'Ended', rating: 'TV-14' },
  { name: 'Lanterns of Vell', genres: [10765, 10759], networks: [8103], year: 2019, seasons: 3, inProduction: true, rating: 'TV-14' },
  { name: 'Corner Office', genres: [35], networks: [8101], year: 2014, seasons: 5, status: 'Ended', rating: 'TV-PG' },
  { name: 'Northbound Freight', genres: [18], networks: [8101], year: 2018, seasons: 3, status: 'Canceled', rating: 'TV-14' },
  { name: 'The Quiet Orbit', genres: [10765, 18], networks: [8103], year: 2020, seasons: 3, inProduction: true, rating: 'TV-14' },
  { name: 'Harbour Lights', genres: [10766, 18], networks: [8102], year: 2012, seasons: 5, inProduction: true, rating: 'TV-PG' },
  { name: 'Bramble & Finch', genres: [35, 10751], networks: [8106], year: 2017, seasons: 3, status: 'Ended', rating: 'TV-G' },
  { name: 'Ashfall', originalName: 'Aschefall', language: 'de', genres: [18, 10768], networks: [8110], year: 2021, seasons: 2, status: 'Ended', rating: 'TV-MA' },
  { name: 'The Cartographers', genres: [99], networks: [8107], year: 2015, seasons: 2, status: 'Ended', type: 'Documentary', rating: 'TV-G' },
  { name: 'Midnight Pantry', genres: [10764], networks: [8101], year: 2019, seasons: 4, inProduction: true, type: 'Reality', rating: 'TV-PG' },
  { name: 'Copper Street Precinct', genres: [80, 18], networks: [8101], year: 2013, seasons: 5, status: 'Ended', rating: 'TV-MA' },
  { name: 'Little Comet Club', genres: [16, 10762], networks: [8106], year: 2020, seasons: 3, inProduction: true, type: 'Animation', rating: 'TV-Y7' },
  { name: 'The Glass Senate', genres: [10768, 18], networks: [8103], year: 2017, seasons: 4, status: 'Ended', rating: 'TV-14' },
  { name: 'Ridgeback Ranch', genres: [37, 18], networks: [8101], year: 2018, seasons: 3, status: 'Ended', rating: 'TV-14' },
  { name: 'Static Bloom', genres: [10765, 9648], networks: [8103], year: 2022, seasons: 2, inProduction: true, rating: 'TV-MA' },
  { name: 'The Late Lantern Hour', genres: [10767], networks: [8101], year: 2016, seasons: 4, inProduction: true, type: 'Talk Show', rating: 'TV-14' },
  { name: 'Wild Coasts', genres: [99], networks: [8107], year: 2018, seasons: 1, status: 'Ended', type: 'Miniseries', rating: 'TV-G' },
  { name: 'Paper Kingdoms', originalName: 'Royaumes de papier', language: 'fr', genres: [18], networks: [8104], year: 2019, seasons: 3, status: 'Ended', rating: 'TV-14' },
  { name: 'Hollow Pines', genres: [9648, 18], networks: [8102], year: 2021, seasons: 2, inProduction: true, rating: 'TV-14' },
  { name: 'The Kettleby Files', genres: [80, 9648], networks: [8102], year: 2015, seasons: 4, status: 'Ended', rating: 'TV-14' },
  { name: 'Nine Lives of Marlow Quinn', genres: [35, 18], networks: [8103], year: 2020, seasons: 2, status: 'Canceled', rating: 'TV-14' },
  { name: 'Deepwater Station', genres: [10765, 10759], networks: [8101], year: 2017, seasons: 4, status: 'Ended', rating: 'TV-14' },
  { name: 'Sunday Roast', genres: [35], networks: [8102], year: 2011, seasons: 5, status: 'Ended', rating: 'TV-PG' },
  { name: 'Fieldwork', genres: [35], networks: [8103], year: 2021, seasons: 3, inProduction: true, rating: 'TV-14' },
  { name: 'The Iron Choir', genres: [18, 10759], networks: [8103], year: 2018, seasons: 3, status: 'Ended', rating: 'TV-MA' },
  { name: 'Orchard Lane', genres: [10766], networks: [8102], year: 2010, seasons: 5, inProduction: true, rating: 'TV-PG' },
  { name: 'Skyhook', originalName: 'スカイフック', language: 'ja', genres: [16, 10759], networks: [8105], year: 2019, seasons: 3, status: 'Ended', type: 'Animation', rating: 'TV-PG' },
  { name: 'Blackwood Academy', genres: [18, 9648], networks: [8101], year: 2020, seasons: 3, inProduction: true, rating: 'TV-14' },
  { name: 'Tidewater', originalName: 'Marea', language: 'es', genres: [80, 18], networks: [8108], year: 2018, seasons: 3, status: 'Ended', rating: 'TV-MA' },
  { name: 'The Understudy', originalName: '대역', language: 'ko', genres: [35, 18], networks: [8109], year: 2022, seasons: 1, status: 'Ended', type: 'Miniseries', rating: 'TV-14' },
  { name: 'Lost Frequencies', genres: [10765], networks: [8103], year: 2016, seasons: 3, status: 'Canceled', rating: 'TV-14' },
  { name: 'Market Day', genres: [10764], networks: [8107], year: 2017, seasons: 4, status: 'Ended', type: 'Reality', rating: 'TV-G' },
  { name: 'The Long Table', genres: [10767], networks: [8102], year: 2019, seasons: 3, status: 'Ended', type: 'Talk Show', rating: 'TV-PG' },
  { name: 'Frontier Medics', genres: [18], networks: [8101, 8103], year: 2015, seasons: 5, status: 'Ended', rating: 'TV-14' },
  { name: 'Velvet Hours', genres: [18], networks: [8103], year: 2021, seasons: 2, status: 'Ended', rating: 'TV-MA', adult: true },
  { name: 'Pocket Dragons', genres: [16, 10762, 10751], networks: [8106], year: 2016, seasons: 4, status: 'Ended', type: 'Animation', rating: 'TV-Y' },
]

const EPISODE_FIRST = [
  'The', 'A Quiet', 'Last', 'First', 'Broken', 'Northern', 'Hidden', 'Burning', 'Silver', 'Long',
  'Borrowed', 'Empty', 'Open', 'Second', 'Old', 'Cold',
] as const
const EPISODE_SECOND = [
  'Harbour', 'Signal', 'Reckoning', 'Crossing', 'Ledger', 'Winter', 'Promise', 'Tide', 'Archive', 'Bridge',
  'Lantern', 'Verdict', 'Homecoming', 'Storm', 'Witness', 'Orchard', 'Frontier', 'Echo',
] as const

/** Runtime of an episode in minutes, by the show's kind. */
function runtimeOf(spec: ShowSpec, random: () => number) {
  const short = spec.genres.some((genre) => [35, 16, 10762, 10767].includes(genre))
  return short ? 22 + Math.floor(random() * 9) : 42 + Math.floor(random() * 19)
}

interface ShowRecord {
  id: number
  spec: ShowSpec
  popularity: number
  voteAverage: number
  voteCount: number
  firstAirDate: string
}

export class FakeTvCatalogue {
  readonly shows = new Map<number, ShowRecord>()
  readonly genres = TV_GENRES
  /** By popularity, descending. */
  readonly byPopularity: number[]

  constructor() {
    SHOWS.forEach((spec, index) => {
      const id = TV_ID_BASE + index
      const month = 1 + (hash(`month:${id}`) % 12)
      const day = 1 + (hash(`day:${id}`) % 28)
      this.shows.set(id, {
        id,
        spec,
        popularity: Math.round((400 / (1 + (hash(`tvpop:${id}`) % 40)) + (spec.inProduction ? 40 : 5)) * 1000) / 1000,
        voteAverage: Math.round((6 + (hash(`tvvote:${id}`) % 35) / 10) * 10) / 10,
        voteCount: 50 + (hash(`tvcount:${id}`) % 5000),
        firstAirDate: `${spec.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      })
    })
    this.byPopularity = [...this.shows.values()]
      .sort((a, b) => b.popularity - a.popularity || a.id - b.id)
      .map((show) => show.id)
  }

  get ids() {
    return [...this.shows.keys()]
  }

  has(id: number) {
    return this.shows.has(id)
  }

  /** Ids of shows whose spec matches (for tests: "a TV-MA show", "an adult show"). */
  find(predicate: (spec: ShowSpec) => boolean) {
    return [...this.shows.values()].filter((show) => predicate(show.spec)).map((show) => show.id)
  }

  /** Season numbers of a show: 0 (specials) for about one show in four, then 1..n. */
  seasonNumbers(id: number) {
    const show = this.shows.get(id)
    if (!show) return []
    const numbers = Array.from({ length: show.spec.seasons }, (_, index) => index + 1)
    return hash(`specials:${id}`) % 4 === 0 ? [0, ...numbers] : numbers
  }

  /** GET /tv/{id}/season/{n}, or null for an unknown show or season. */
  season(id: number, seasonNumber: number, today = new Date()): TmdbTvSeason | null {
    const show = this.shows.get(id)
    if (!show || !this.seasonNumbers(id).includes(seasonNumber)) return null
    const random = seededRandom(hash(`season:${id}:${seasonNumber}`))
    const episodeCount = seasonNumber === 0 ? 2 : 6 + Math.floor(random() * 7)
    const start = this.#seasonStart(show, seasonNumber, today)
    const episodes: TmdbTvEpisode[] = []
    for (let number = 1; number <= episodeCount; number++) {
      const name = `${EPISODE_FIRST[Math.floor(random() * EPISODE_FIRST.length)]} ${EPISODE_SECOND[Math.floor(random() * EPISODE_SECOND.length)]}`
      const airDate = addDays(start, (number - 1) * 7)
      const aired = airDate.getTime() <= today.getTime()
      episodes.push({
        id: id * 1000 + seasonNumber * 50 + number,
        show_id: id,
        season_number: seasonNumber,
        episode_number: number,
        episode_type: number === 1 && seasonNumber === 1 ? 'standard' : number === episodeCount ? 'finale' : 'standard',
        name,
        overview: aired
          ? `${show.spec.name}, season ${seasonNumber}: ${name.toLowerCase()} changes everything for the crew.`
          : '',
        air_date: isoDate(airDate),
        runtime: runtimeOf(show.spec, random),
        still_path: aired ? imagePath(`still:${id}:${seasonNumber}:${number}`) : null,
        vote_average: aired ? Math.round((6 + random() * 3.5) * 10) / 10 : 0,
        vote_count: aired ? 5 + Math.floor(random() * 300) : 0,
        production_code: '',
        crew: [],
        guest_stars: [],
      })
    }
    return {
      _id: `${id.toString(16)}${seasonNumber.toString(16).padStart(4, '0')}`,
      id: id * 100 + seasonNumber,
      season_number: seasonNumber,
      name: seasonNumber === 0 ? 'Specials' : `Season ${seasonNumber}`,
      overview: seasonNumber === 0 ? '' : `Season ${seasonNumber} of ${show.spec.name}.`,
      air_date: isoDate(start),
      poster_path: imagePath(`season:${id}:${seasonNumber}`),
      episode_count: episodes.length,
      vote_average: Math.round((6.5 + random() * 3) * 10) / 10,
      episodes,
    }
  }

  /** GET /tv/{id} with the requested sub-resources appended, or null. */
  details(id: number, append: string[] = [], today = new Date()): TmdbTvDetails | null {
    const show = this.shows.get(id)
    if (!show) return null
    const { spec } = show
    const seasons = this.seasonNumbers(id).map((number) => this.season(id, number, today)!)
    const episodes = seasons.filter((season) => season.season_number > 0).flatMap((season) => season.episodes)
    const aired = episodes.filter((episode) => Date.parse(episode.air_date!) <= today.getTime())
    const summaries: TmdbTvSeasonSummary[] = seasons.map(({ episodes: _episodes, _id, ...season }) => season)
    const runtimes = [...new Set(episodes.map((episode) => episode.runtime!))].sort((a, b) => a - b)

    const details: TmdbTvDetails = {
      adult: spec.adult ?? false,
      backdrop_path: imagePath(`tvbackdrop:${id}`),
      created_by: [{ id: PERSON_ID_BASE + 1000 + (hash(`creator:${id}`) % 100), name: personName(1000 + (hash(`creator:${id}`) % 100)), profile_path: null }],
      episode_run_time: runtimes.slice(0, 2),
      first_air_date: show.firstAirDate,
      genres: spec.genres.map((genreId) => TV_GENRES.find((genre) => genre.id === genreId)!),
      homepage: hash(`homepage:${id}`) % 3 === 0 ? '' : `https://tv.example.test/${slug(spec.name)}`,
      id,
      in_production: spec.inProduction ?? false,
      languages: [spec.language ?? 'en'],
      last_air_date: aired.length ? aired[aired.length - 1].air_date : null,
      name: spec.name,
      networks: spec.networks.map((networkId) => TV_NETWORKS.find((network) => network.id === networkId)!),
      number_of_episodes: episodes.length,
      number_of_seasons: spec.seasons,
      origin_country: [TV_NETWORKS.find((network) => network.id === spec.networks[0])!.origin_country],
      original_language: spec.language ?? 'en',
      original_name: spec.originalName ?? spec.name,
      overview: `${spec.name} follows an invented ensemble through ${spec.seasons} season(s) of television.`,
      popularity: show.popularity,
      poster_path: imagePath(`tvposter:${id}`),
      seasons: summaries,
      status: spec.inProduction ? 'Returning Series' : (spec.status ?? 'Ended'),
      tagline: hash(`tagline:${id}`) % 2 ? `Every season has its secret.` : '',
      type: spec.type ?? (spec.seasons === 1 ? 'Miniseries' : 'Scripted'),
      vote_average: show.voteAverage,
      vote_count: show.voteCount,
    }
    const wanted = new Set(append)
    if (wanted.has('credits')) details.credits = this.credits(id)
    if (wanted.has('keywords')) details.keywords = { results: this.keywords(id) }
    if (wanted.has('content_ratings')) details.content_ratings = this.contentRatings(id)
    if (wanted.has('external_ids')) details.external_ids = this.externalIds(id)
    return details
  }

  credits(id: number): TmdbCredits {
    const random = seededRandom(hash(`tvcredits:${id}`))
    const size = 8 + Math.floor(random() * 7)
    const taken = new Set<number>()
    const cast: TmdbCastMember[] = []
    for (let order = 0; order < size; order++) {
      let index = Math.floor(random() * ACTOR_COUNT)
      while (taken.has(index)) index = (index + 1) % ACTOR_COUNT
      taken.add(index)
      const character =
        random() < 0.8
          ? `${ROLE_FIRST_NAMES[Math.floor(random() * ROLE_FIRST_NAMES.length)]} ${ROLE_LAST_NAMES[Math.floor(random() * ROLE_LAST_NAMES.length)]}`
          : ROLE_TITLES[Math.floor(random() * ROLE_TITLES.length)]
      const name = personName(index)
      cast.push({
        adult: false,
        id: PERSON_ID_BASE + index,
        name,
        original_name: name,
        character,
        order,
        known_for_department: 'Acting',
        profile_path: hash(`profile:${index}`) % 8 === 0 ? null : imagePath(`profile:${PERSON_ID_BASE + index}`),
        credit_id: `${id.toString(16)}c${order}`,
      })
    }
    return { cast, crew: [] }
  }

  keywords(id: number): TmdbKeyword[] {
    const first = hash(`tvkw:${id}`) % KEYWORDS.length
    const count = 2 + (hash(`tvkwn:${id}`) % 3)
    return Array.from({ length: count }, (_, offset) => KEYWORDS[(first + offset * 7) % KEYWORDS.length])
  }

  contentRatings(id: number): TmdbContentRatings {
    const show = this.shows.get(id)!
    const british = ['U', 'PG', '12', '15'][hash(`tvgb:${id}`) % 4]
    return {
      results: [
        { iso_3166_1: 'GB', rating: british, descriptors: [] },
        { iso_3166_1: 'US', rating: show.spec.rating, descriptors: [] },
      ],
    }
  }

  externalIds(id: number): TmdbTvExternalIds {
    return {
      imdb_id: `tt${9_100_000 + (id - TV_ID_BASE)}`,
      tvdb_id: 400_000 + (id - TV_ID_BASE),
      wikidata_id: null,
      facebook_id: null,
      instagram_id: null,
      twitter_id: null,
    }
  }

  listItem(id: number, mediaType?: 'tv'): TmdbTvListItem {
    const details = this.details(id)!
    return {
      adult: details.adult,
      backdrop_path: details.backdrop_path,
      first_air_date: details.first_air_date,
      genre_ids: details.genres.map((genre) => genre.id),
      id,
      name: details.name,
      origin_country: details.origin_country,
      original_language: details.original_language,
      original_name: details.original_name,
      overview: details.overview,
      popularity: details.popularity,
      poster_path: details.poster_path,
      vote_average: details.vote_average,
      vote_count: details.vote_count,
      ...(mediaType ? { media_type: mediaType } : {}),
    }
  }

  /** Popularity shaken per day (or week), as the movie trending lists are. */
  trending(window: 'day' | 'week', now = new Date()) {
    const week = Math.floor(now.getTime() / (7 * 86_400_000))
    const period = window === 'day' ? isoDate(now) : `week:${week}`
    return this.byPopularity
      .map((id) => {
        const factor = 0.5 + seededRandom(hash(`tvtrending:${period}:${id}`))()
        return { id, score: this.shows.get(id)!.popularity * factor }
      })
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .map((entry) => entry.id)
  }

  /** By vote average; shows with few votes are left out, as on TMDB. */
  topRated() {
    return [...this.shows.values()]
      .filter((show) => show.voteCount >= 200)
      .sort((a, b) => b.voteAverage - a.voteAverage || a.id - b.id)
      .map((show) => show.id)
  }

  /** Shows with an episode airing in the coming week: those in production. */
  onTheAir() {
    return this.byPopularity.filter((id) => this.shows.get(id)!.spec.inProduction)
  }

  /**
   * Season 1 starts on the first air date, each later season a year after
   * the one before; a show in production airs its last season from three
   * weeks ago on, so some of its episodes are still to come.
   */
  #seasonStart(show: ShowRecord, seasonNumber: number, today: Date) {
    const first = new Date(`${show.firstAirDate}T00:00:00Z`)
    if (seasonNumber === 0) return addDays(first, 200)
    if (show.spec.inProduction && seasonNumber === show.spec.seasons) {
      const midnight = new Date(`${isoDate(today)}T00:00:00Z`)
      return addDays(midnight, -21)
    }
    return addDays(first, (seasonNumber - 1) * 365)
  }
}

function slug(name: string) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}
