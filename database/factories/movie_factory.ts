import { DateTime } from 'luxon'
import factory from '@adonisjs/lucid/factories'
import Movie from '#models/movie'
import Person from '#models/person'
import CastCredit from '#models/cast_credit'
import CrewCredit from '#models/crew_credit'
import { GenreFactory } from '#factories/genre_factory'

export const PersonFactory = factory
  .define(Person, ({ faker }) => ({
    name: faker.person.fullName(),
    tmdbId: faker.number.int({ min: 1, max: 2_000_000_000 }),
    profilePath: `/${faker.string.alphanumeric(20)}.jpg`,
  }))
  .build()

export const MovieFactory = factory
  .define(Movie, ({ faker }) => {
    const releaseDate = DateTime.fromJSDate(faker.date.between({ from: '1950-01-01', to: '2020-12-31' }))
    const title = faker.lorem.words({ min: 1, max: 4 }).replace(/^\w/, (c) => c.toUpperCase())
    return {
      title,
      originalTitle: title,
      overview: faker.lorem.sentences(2),
      tagline: faker.lorem.sentence(),
      releaseDate,
      year: releaseDate.year,
      runtime: faker.number.int({ min: 70, max: 200 }),
      adult: false,
      originalLanguage: 'en',
      posterPath: `/${faker.string.alphanumeric(24)}.jpg`,
      backdropPath: `/${faker.string.alphanumeric(24)}.jpg`,
      popularity: faker.number.float({ min: 0, max: 100, fractionDigits: 3 }),
      voteAverage: faker.number.float({ min: 1, max: 9, fractionDigits: 1 }),
      voteCount: faker.number.int({ min: 0, max: 10_000 }),
      status: 'Released',
      spokenLanguages: [{ iso_639_1: 'en', name: 'English' }],
      productionCountries: [{ iso_3166_1: 'US', name: 'United States of America' }],
      tmdbId: faker.number.int({ min: 1, max: 2_000_000_000 }),
    }
  })
  .relation('genres', () => GenreFactory)
  .build()

export const CastCreditFactory = factory
  .define(CastCredit, ({ faker }) => ({
    character: faker.person.firstName(),
    order: 0,
  }))
  .relation('person', () => PersonFactory)
  .build()

export const CrewCreditFactory = factory
  .define(CrewCredit, () => ({ job: 'Director', department: 'Directing' }))
  .relation('person', () => PersonFactory)
  .build()
