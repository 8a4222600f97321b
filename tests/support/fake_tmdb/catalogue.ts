import { createHash } from 'node:crypto'
import { readDump, type TmdbDumpMovie } from '#services/tmdb/dump_reader'
import type {
  TmdbCastMember,
  TmdbCollectionDetails,
  TmdbCollectionRef,
  TmdbCredits,
  TmdbCrewMember,
  TmdbExternalIds,
  TmdbGenre,
  TmdbImages,
  TmdbMovieDetails,
  TmdbMovieListItem,
  TmdbPersonDetails,
  TmdbReleaseDates,
  TmdbVideo,
  TmdbVideos,
} from '#services/tmdb/types'
import {
  ACTOR_COUNT,
  CREW_SLOTS,
  PERSON_COUNT,
  PERSON_ID_BASE,
  ROLE_FIRST_NAMES,
  ROLE_LAST_NAMES,
  ROLE_TITLES,
  crewDepartment,
  personName,
} from './names.js'

/** TMDB ids of the invented collections: this plus the smallest movie id of the collection (far from movie and person ids). */
export const COLLECTION_ID_BASE = 8_000_000

/** Invented birthplaces of the invented people. */
const BIRTHPLACES = [
  'Harrowgate, Northshire, UK',
  'Port Ellery, Maine, USA',
  'Lindqvist Bay, Sweden',
  'Saint-Aubin-sur-Mer, France',
  'Kettleby, Ontario, Canada',
  'Vasco Nuevo, Chile',
  'Amberley, New South Wales, Australia',
  'Oakenshaw, Yorkshire, UK',
  'Riverside Heights, California, USA',
  'Marlow Falls, Wellington, New Zealand',
] as const

/**
 * The title a series of films shares: the part before a colon, without a
 * trailing sequel number ("Toy Story 2" → "Toy Story", "Alien: Resurrection"
 * → "Alien", "Rocky IV" → "Rocky"). Titles with the same stem (ignoring
 * case) form an invented collection.
 */
export function titleStem(title: string) {
  return title
    .split(':')[0]
    .replace(/\s+(?:\d{1,2}|II|III|IV|V|VI|VII|VIII|IX|X|Part\s+\w+)$/i, '')
    .trim()
}

/** How many dump titles the fake presents as upcoming (dates moved into the future). */
export const UPCOMING_COUNT = 12
/** Titles in each trending window (TMDB pages them by 20). */
export const TRENDING_SIZE = 200
/** About one dump title in this many "changes" on any given day. */
export const CHANGE_RATE = 400

/** FNV-1a: a small stable hash, so every synthetic value depends on the id only. */
export function hash(input: string) {
  let value = 0x811c9dc5
  for (let i = 0; i < input.length; i++) {
    value ^= input.charCodeAt(i)
    value = Math.imul(value, 0x01000193)
  }
  return value >>> 0
}

/** mulberry32: a seeded PRNG; the same seed yields the same sequence. */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A TMDB-looking image path ("/" + 27 letters and digits + ".jpg"), stable per key. */
export function imagePath(key: string) {
  const digest = createHash('sha256').update(key).digest('base64')
  return `/${digest.replace(/[^A-Za-z0-9]/g, '').slice(0, 27)}.jpg`
}

export function isoDate(date: Date) {
  return date.toISOString().slice(0, 10)
}

export function addDays(date: Date, days: number) {
  return new Date(date.getTime() + days * 86_400_000)
}

/**
 * The fake server's data: the dump's movies, with everything the dump lacks
 * (credits, images, certifications, upcoming dates) made up from the movie
 * id alone. Loaded once per data directory.
 */
export class FakeCatalogue {
  readonly movies = new Map<number, TmdbDumpMovie>()
  readonly genres: TmdbGenre[]
  /** By popularity, descending. */
  readonly byPopularity: number[]
  readonly upcomingIds: number[]
  /** Invented collections: dump titles sharing a stem (titleStem), two or more, by collection id. */
  readonly collections = new Map<number, { name: string; partIds: number[] }>()
  readonly #collectionOf = new Map<number, number>()

  private constructor(movies: TmdbDumpMovie[]) {
    for (const movie of movies) this.movies.set(movie.id, movie)
    const genres = new Map<number, TmdbGenre>()
    for (const movie of movies) for (const genre of movie.genres) genres.set(genre.id, genre)
    this.genres = [...genres.values()].sort((a, b) => a.name.localeCompare(b.name))
    this.byPopularity = movies
      .slice()
      .sort((a, b) => b.popularity - a.popularity || a.id - b.id)
      .map((movie) => movie.id)
    // A fixed handful of well-known released titles stand in for coming releases.
    this.upcomingIds = movies
      .filter((movie) => movie.status === 'Released' && movie.popularity > 5)
      .sort((a, b) => hash(`upcoming:${a.id}`) - hash(`upcoming:${b.id}`))
      .slice(0, UPCOMING_COUNT)
      .map((movie) => movie.id)

    const byStem = new Map<string, TmdbDumpMovie[]>()
    for (const movie of movies) {
      const stem = titleStem(movie.title).toLowerCase()
      if (stem.length < 3) continue
      byStem.set(stem, [...(byStem.get(stem) ?? []), movie])
    }
    for (const group of byStem.values()) {
      if (group.length < 2) continue
      const parts = group.sort(
        (a, b) => (a.release_date ?? '9999').localeCompare(b.release_date ?? '9999') || a.id - b.id
      )
      const id = COLLECTION_ID_BASE + Math.min(...parts.map((movie) => movie.id))
      // The first part's stem names it ("Toy Story Collection").
      const name = `${titleStem(parts[0].title)} Collection`
      this.collections.set(id, { name, partIds: parts.map((movie) => movie.id) })
      for (const movie of parts) this.#collectionOf.set(movie.id, id)
    }
  }

  /** A movie's `belongs_to_collection`, null for a movie in no collection. */
  collectionRef(movieId: number): TmdbCollectionRef | null {
    const id = this.#collectionOf.get(movieId)
    if (id === undefined) return null
    return {
      id,
      name: this.collections.get(id)!.name,
      poster_path: imagePath(`collection-poster:${id}`),
      backdrop_path: imagePath(`collection-backdrop:${id}`),
    }
  }

  /** GET /collection/{id}: the collection with its parts in release order. */
  collection(id: number, part: (movieId: number) => TmdbMovieListItem): TmdbCollectionDetails | null {
    const collection = this.collections.get(id)
    if (!collection) return null
    const ref = this.collectionRef(collection.partIds[0])!
    const years = collection.partIds
      .map((movieId) => this.movies.get(movieId)?.release_date?.slice(0, 4))
      .filter((year): year is string => Boolean(year))
    return {
      ...ref,
      overview: `The ${collection.name.replace(/ Collection$/, '')} films: ${collection.partIds.length} parts${
        years.length ? `, ${years[0]} to ${years[years.length - 1]}` : ''
      }.`,
      parts: collection.partIds.map(part),
    }
  }

  /** GET /person/{id} for the invented people of the credits; null for any other id. */
  personDetails(personId: number): TmdbPersonDetails | null {
    const index = personId - PERSON_ID_BASE
    if (!Number.isInteger(index) || index < 0 || index >= PERSON_COUNT) return null
    const department = index < ACTOR_COUNT ? 'Acting' : crewDepartment(index)
    const person = this.#person(index, department)
    const random = seededRandom(hash(`person:${index}`))
    const born = 1925 + Math.floor(random() * 80)
    const birthday = `${born}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`
    // About a third of those born before 1950 have died.
    const died = born < 1950 && random() < 0.34 ? Math.min(2024, born + 55 + Math.floor(random() * 35)) : null
    const deathday = died ? `${died}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}` : null
    const place = BIRTHPLACES[Math.floor(random() * BIRTHPLACES.length)]
    // About one person in ten has no biography, as on TMDB.
    const biography =
      hash(`biography:${index}`) % 10 === 0
        ? ''
        : `${person.name} (born ${birthday} in ${place}) is an invented ${
            department === 'Acting' ? 'actor' : `film-maker (${department.toLowerCase()})`
          } who exists only in Marquee's fake TMDB.`
    return {
      adult: false,
      also_known_as: [],
      biography,
      birthday,
      deathday,
      gender: person.gender,
      homepage: null,
      id: personId,
      imdb_id: `nm${String(9_000_000 + index).padStart(7, '0')}`,
      known_for_department: department,
      name: person.name,
      place_of_birth: place,
      popularity: person.popularity,
      profile_path: person.profile_path,
    }
  }

  #filmographies: Map<number, PersonFilmography> | undefined

  /**
   * A person's credits across the whole catalogue, read back from the same
   * invented movie credits GET /movie/{id}/credits serves (so the two views
   * always agree); null for an id that is no invented person. Built once.
   */
  filmography(personId: number): PersonFilmography | null {
    if (!this.personDetails(personId)) return null
    if (!this.#filmographies) {
      const all = new Map<number, PersonFilmography>()
      const of = (id: number) => {
        let entry = all.get(id)
        if (!entry) all.set(id, (entry = { cast: [], crew: [] }))
        return entry
      }
      for (const movieId of [...this.movies.keys()].sort((a, b) => a - b)) {
        const credits = this.credits(movieId)
        for (const member of credits.cast) {
          of(member.id).cast.push({ movieId, character: member.character, order: member.order, credit_id: member.credit_id! })
        }
        for (const member of credits.crew) {
          of(member.id).crew.push({ movieId, job: member.job, department: member.department, credit_id: member.credit_id! })
        }
      }
      this.#filmographies = all
    }
    return this.#filmographies.get(personId) ?? { cast: [], crew: [] }
  }

  static #loaded = new Map<string, Promise<FakeCatalogue>>()

  static load(dataDir: string) {
    let loading = this.#loaded.get(dataDir)
    if (!loading) {
      loading = (async () => {
        const movies: TmdbDumpMovie[] = []
        for await (const record of readDump(dataDir)) {
          if ('movie' in record) movies.push(record.movie)
        }
        if (!movies.length) throw new Error(`No movies in the TMDB dump under ${dataDir}`)
        return new FakeCatalogue(movies)
      })()
      loading.catch(() => this.#loaded.delete(dataDir))
      this.#loaded.set(dataDir, loading)
    }
    return loading
  }

  has(id: number) {
    return this.movies.has(id)
  }

  /** Release date shown for an upcoming title: 7, 16, 25… days from today. */
  upcomingDate(id: number, today = new Date()) {
    const index = this.upcomingIds.indexOf(id)
    return index === -1 ? null : isoDate(addDays(today, 7 + index * 9))
  }

  /** GET /movie/{id} before overrides, as TMDB writes it (empty strings, zeros). */
  details(id: number): TmdbMovieDetails | null {
    const movie = this.movies.get(id)
    if (!movie) return null
    const upcoming = this.upcomingDate(id)
    const releaseDate = upcoming ?? movie.release_date
    return {
      adult: false,
      backdrop_path: imagePath(`backdrop:${id}`),
      belongs_to_collection: this.collectionRef(id),
      budget: movie.budget,
      genres: movie.genres,
      homepage: movie.homepage ?? '',
      id,
      // Not in the dump; tests may set one through `updateMovie`.
      imdb_id: null,
      original_language: movie.original_language,
      original_title: movie.original_title,
      overview: movie.overview ?? '',
      popularity: movie.popularity,
      poster_path: imagePath(`poster:${id}`),
      production_companies: movie.production_companies.map((company) => ({
        ...company,
        logo_path: null,
        origin_country: '',
      })),
      production_countries: movie.production_countries,
      release_date: releaseDate ?? '',
      revenue: movie.revenue,
      runtime: movie.runtime ?? 0,
      spoken_languages: movie.spoken_languages.map((language) => ({
        english_name: language.name,
        ...language,
      })),
      status: upcoming ? 'Post Production' : movie.status,
      tagline: movie.tagline ?? '',
      title: movie.title,
      video: false,
      vote_average: upcoming ? 0 : movie.vote_average,
      vote_count: upcoming ? 0 : movie.vote_count,
    }
  }

  keywords(id: number) {
    return { id, keywords: this.movies.get(id)?.keywords.keywords ?? [] }
  }

  /** 12–30 billed actors and a crew with the usual jobs plus some noise. */
  credits(id: number): TmdbCredits {
    const random = seededRandom(hash(`credits:${id}`))
    const pick = (from: number, size: number, taken: Set<number>) => {
      let index = from + Math.floor(random() * size)
      while (taken.has(index)) index = from + ((index - from + 1) % size)
      taken.add(index)
      return index
    }

    const actors = new Set<number>()
    const castSize = 12 + Math.floor(random() * 19)
    const cast: TmdbCastMember[] = []
    for (let order = 0; order < castSize; order++) {
      const index = pick(0, ACTOR_COUNT, actors)
      const roll = random()
      const character =
        roll < 0.7
          ? `${ROLE_FIRST_NAMES[Math.floor(random() * ROLE_FIRST_NAMES.length)]} ${ROLE_LAST_NAMES[Math.floor(random() * ROLE_LAST_NAMES.length)]}`
          : roll < 0.95
            ? ROLE_TITLES[Math.floor(random() * ROLE_TITLES.length)]
            : 'Himself'
      const person = this.#person(index, 'Acting')
      cast.push({
        ...person,
        cast_id: order + 1,
        character,
        credit_id: creditId(id, `cast:${order}`),
        order,
      })
    }

    const crew: TmdbCrewMember[] = []
    for (const slot of CREW_SLOTS) {
      const count = slot.min + Math.floor(random() * (slot.max - slot.min + 1))
      const taken = new Set<number>()
      for (let i = 0; i < count; i++) {
        const index = pick(slot.from, slot.size, taken)
        crew.push({
          ...this.#person(index, crewDepartment(index)),
          credit_id: creditId(id, `crew:${slot.job}:${i}`),
          department: slot.department,
          job: slot.job,
        })
      }
    }
    return { id, cast, crew }
  }

  #person(index: number, department: string) {
    const personId = PERSON_ID_BASE + index
    const name = personName(index)
    return {
      adult: false,
      gender: hash(`gender:${index}`) % 2 ? 1 : 2,
      id: personId,
      known_for_department: department,
      name,
      original_name: name,
      popularity: Math.round((hash(`popularity:${index}`) % 2000) / 10) / 10,
      // About one person in eight has no photo, as on TMDB.
      profile_path: hash(`profile:${index}`) % 8 === 0 ? null : imagePath(`profile:${personId}`),
    }
  }

  /** US theatrical certification from a fixed, genre-aware pool; some titles have none. */
  certification(id: number) {
    const movie = this.movies.get(id)
    if (!movie) return ''
    const roll = hash(`certification:${id}`)
    if (roll % 10 === 0) return ''
    const genres = new Set(movie.genres.map((genre) => genre.name))
    if (genres.has('Animation') || genres.has('Family')) return ['G', 'PG', 'PG'][roll % 3]
    if (genres.has('Horror')) return ['R', 'R', 'PG-13'][roll % 3]
    return ['PG', 'PG-13', 'PG-13', 'R', 'R'][roll % 5]
  }

  releaseDates(id: number, releaseDate: string | null): TmdbReleaseDates {
    const date = releaseDate ? `${releaseDate}T00:00:00.000Z` : '2017-01-01T00:00:00.000Z'
    const release = (certification: string, type: number, note = '') => ({
      certification,
      descriptors: [],
      iso_639_1: '',
      note,
      release_date: date,
      type,
    })
    const britishRating = ['U', 'PG', '12A', '15'][hash(`gb:${id}`) % 4]
    return {
      id,
      results: [
        {
          iso_3166_1: 'US',
          release_dates: [release('', 1, 'Premiere'), release(this.certification(id), 3)],
        },
        { iso_3166_1: 'GB', release_dates: [release(britishRating, 3)] },
      ],
    }
  }

  externalIds(id: number, imdbId: string | null): TmdbExternalIds {
    return { id, imdb_id: imdbId, wikidata_id: null, facebook_id: null, instagram_id: null, twitter_id: null }
  }

  images(id: number, posterPath: string | null, backdropPath: string | null): TmdbImages {
    const image = (filePath: string, width: number, height: number) => ({
      aspect_ratio: Math.round((width / height) * 1000) / 1000,
      file_path: filePath,
      height,
      width,
      iso_639_1: 'en',
      vote_average: 5.3,
      vote_count: 4,
    })
    return {
      id,
      backdrops: backdropPath ? [image(backdropPath, 3840, 2160)] : [],
      logos: [],
      posters: posterPath
        ? [image(posterPath, 2000, 3000), image(imagePath(`poster:${id}:alt`), 2000, 3000)]
        : [],
    }
  }

  /**
   * GET /movie/{id}/videos: 1–4 videos, mostly YouTube trailers and teasers,
   * with keys, names, official flags and dates (days to months after the
   * release date) made up from the id; now and then a type the API does
   * not carry ("Behind the Scenes"), as on TMDB. Listed in TMDB's order,
   * which is not the one MovieDetail shows.
   */
  videos(id: number, releaseDate: string | null): TmdbVideos {
    const random = seededRandom(hash(`videos:${id}`))
    const count = 1 + Math.floor(random() * 4)
    const released = Date.parse(`${releaseDate || '2017-01-01'}T00:00:00.000Z`)
    const kinds = [
      { type: 'Trailer', name: 'Official Trailer' },
      { type: 'Teaser', name: 'Teaser' },
      { type: 'Trailer', name: 'Trailer 2' },
      { type: 'Clip', name: 'Clip' },
      { type: 'Featurette', name: 'Featurette' },
      { type: 'Behind the Scenes', name: 'Behind the Scenes' },
    ]
    const results: TmdbVideo[] = []
    for (let index = 0; index < count; index++) {
      const kind = kinds[Math.floor(random() * kinds.length)]
      const publishedAt = new Date(released + (1 + Math.floor(random() * 400)) * 86_400_000 + 16 * 3_600_000)
      results.push({
        id: createHash('md5').update(`video:${id}:${index}`).digest('hex').slice(0, 24),
        iso_639_1: 'en',
        iso_3166_1: 'US',
        name: `${this.movies.get(id)?.title ?? `Movie ${id}`} ${kind.name}${index ? ` ${index + 1}` : ''}`,
        key: videoKey(`${id}:${index}`),
        site: 'YouTube',
        size: [720, 1080, 2160][Math.floor(random() * 3)],
        type: kind.type,
        official: random() < 0.7,
        published_at: publishedAt.toISOString(),
      })
    }
    return { id, results }
  }

  /**
   * Trending: popularity shaken by a per-day (or per-week) factor, so the
   * lists move over time but are the same all day long.
   */
  trending(window: 'day' | 'week', now = new Date()) {
    const week = Math.floor(now.getTime() / (7 * 86_400_000))
    const period = window === 'day' ? isoDate(now) : `week:${week}`
    const spread = window === 'day' ? [0.3, 1.4] : [0.6, 0.8]
    return this.byPopularity
      .slice(0, TRENDING_SIZE * 3)
      .map((id) => {
        const factor = spread[0] + spread[1] * seededRandom(hash(`trending:${period}:${id}`))()
        return { id, score: this.movies.get(id)!.popularity * factor }
      })
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, TRENDING_SIZE)
      .map((entry) => entry.id)
  }

  /** Ids that "changed" on a given day: a stable ~1/CHANGE_RATE sample. */
  changedOn(date: string) {
    const ids: number[] = []
    for (const id of this.movies.keys()) {
      if (hash(`changes:${date}:${id}`) % CHANGE_RATE === 0) ids.push(id)
    }
    return ids
  }
}

/** A person's credits by movie id (GET /person/{id}/movie_credits before the movies are filled in). */
export interface PersonFilmography {
  cast: { movieId: number; character: string | null; order: number; credit_id: string }[]
  crew: { movieId: number; job: string; department: string; credit_id: string }[]
}

export function listItem(details: TmdbMovieDetails, mediaType?: 'movie'): TmdbMovieListItem {
  return {
    adult: details.adult,
    backdrop_path: details.backdrop_path,
    genre_ids: details.genres.map((genre) => genre.id),
    id: details.id,
    original_language: details.original_language,
    original_title: details.original_title,
    overview: details.overview,
    popularity: details.popularity,
    poster_path: details.poster_path,
    release_date: details.release_date,
    title: details.title,
    video: details.video ?? false,
    vote_average: details.vote_average,
    vote_count: details.vote_count,
    ...(mediaType ? { media_type: mediaType } : {}),
  }
}

/** A YouTube-looking video key: 11 characters of [A-Za-z0-9_-], stable per key. */
export function videoKey(key: string) {
  return createHash('sha256').update(`video-key:${key}`).digest('base64url').slice(0, 11)
}

function creditId(movieId: number, key: string) {
  return createHash('md5').update(`${movieId}:${key}`).digest('hex').slice(0, 24)
}
