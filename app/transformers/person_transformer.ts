import type Person from '#models/person'
import { imageUrl, type MovieSummary, type ViewerFields } from '#transformers/movie_transformer'

/** GET /people/:id: the person's own page and their best-known visible movies. */
export interface PersonDetail {
  id: number
  tmdb_id: number | null
  imdb_id: string | null
  name: string
  biography: string | null
  birthday: string | null
  deathday: string | null
  place_of_birth: string | null
  profile_url: string | null
  known_for_department: string | null
  popularity: number
  /** When TMDB's person page was last fetched; null while only the credits know the person (a sync is queued). */
  details_synced_at: string | null
  known_for: (MovieSummary & Partial<ViewerFields>)[]
}

/** One credit of a filmography: the movie, and what the person did on it. */
export interface PersonCredit extends MovieSummary {
  role: 'cast' | 'crew'
  /** Cast credits only (null for crew). */
  character: string | null
  /** Crew credits only (null for cast). */
  job: string | null
  /** The crew department; "Acting" for cast credits. */
  department: string | null
}

/** A person in GET /search?type=person. */
export interface PersonSearchItem {
  type: 'person'
  id: number
  name: string
  profile_url: string | null
  known_for_department: string | null
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

export default class PersonTransformer {
  static detail(person: Person, knownFor: MovieSummary[]): PersonDetail {
    return {
      id: person.id,
      tmdb_id: person.tmdbId,
      imdb_id: person.imdbId,
      name: person.name,
      biography: person.biography,
      birthday: person.birthday?.toISODate() ?? null,
      deathday: person.deathday?.toISODate() ?? null,
      place_of_birth: person.placeOfBirth,
      profile_url: imageUrl(person.profilePath, 'w185'),
      known_for_department: person.knownForDepartment,
      popularity: round(person.popularity, 3),
      details_synced_at: person.detailsSyncedAt?.toUTC().toISO() ?? null,
      known_for: knownFor,
    }
  }

  static credit(
    movie: MovieSummary,
    credit: { role: 'cast' | 'crew'; character: string | null; job: string | null; department: string | null }
  ): PersonCredit {
    return { ...movie, role: credit.role, character: credit.character, job: credit.job, department: credit.department }
  }

  static searchItem(person: Person): PersonSearchItem {
    return {
      type: 'person',
      id: person.id,
      name: person.name,
      profile_url: imageUrl(person.profilePath, 'w185'),
      known_for_department: person.knownForDepartment,
    }
  }
}
