import { DateTime } from 'luxon'
import { CastCreditFactory, CrewCreditFactory, MovieFactory, PersonFactory } from '#factories/movie_factory'
import type Movie from '#models/movie'
import type Person from '#models/person'

/** A movie released on `date` with the given TMDB popularity (and visibility). */
export function movieOn(date: string, popularity: number, extra: { isHidden?: boolean; adult?: boolean } = {}) {
  const releaseDate = DateTime.fromISO(date, { zone: 'utc' })
  return MovieFactory.merge({ releaseDate, year: releaseDate.year, popularity, ...extra }).create()
}

export interface Filmography {
  person: Person
  /** Visible movies where the person acts, with the character played. */
  acted: { movie: Movie; character: string }[]
  /** Visible movies where the person is crew. */
  crewed: { movie: Movie; job: string; department: string }[]
  hidden: Movie
  adult: Movie
}

/**
 * A person who acts in three movies, directs two (one of them also acted
 * in), writes one, and is credited in a hidden and an adult movie too
 * (both more popular than anything visible).
 */
export async function filmography(): Promise<Filmography> {
  const person = await PersonFactory.merge({ name: 'Delphine Crowhurst', knownForDepartment: 'Acting' }).create()
  const [early, middle, late, undated, written] = [
    await movieOn('1994-05-01', 30),
    await movieOn('2003-09-12', 80),
    await movieOn('2019-02-20', 10),
    await MovieFactory.merge({ releaseDate: null, year: null, popularity: 55 }).create(),
    await movieOn('2010-06-30', 65),
  ]
  const hidden = await movieOn('2015-01-01', 900, { isHidden: true })
  const adult = await movieOn('2016-01-01', 950, { adult: true })

  const acted = [
    { movie: early, character: 'Iris Vance' },
    { movie: middle, character: 'Captain' },
    { movie: late, character: 'Nina Holt' },
  ]
  for (const [order, credit] of acted.entries()) {
    await CastCreditFactory.merge({ movieId: credit.movie.id, personId: person.id, character: credit.character, order }).create()
  }
  const crewed = [
    { movie: middle, job: 'Director', department: 'Directing' },
    { movie: undated, job: 'Director', department: 'Directing' },
    { movie: written, job: 'Screenplay', department: 'Writing' },
  ]
  for (const credit of crewed) {
    await CrewCreditFactory.merge({ movieId: credit.movie.id, personId: person.id, job: credit.job, department: credit.department }).create()
  }
  await CastCreditFactory.merge({ movieId: hidden.id, personId: person.id, character: 'Hidden role' }).create()
  await CrewCreditFactory.merge({ movieId: adult.id, personId: person.id, job: 'Director', department: 'Directing' }).create()
  return { person, acted, crewed, hidden, adult }
}

/** Release date as the API writes it, undated last when sorting. */
export function releaseOf(movie: Movie) {
  return movie.releaseDate?.toISODate() ?? null
}
