import factory from '@adonisjs/lucid/factories'
import Collection from '#models/collection'

export const CollectionFactory = factory
  .define(Collection, ({ faker }) => ({
    tmdbId: faker.number.int({ min: 1, max: 2_000_000_000 }),
    name: `${faker.lorem.word().replace(/^\w/, (c) => c.toUpperCase())} Collection`,
    overview: faker.lorem.sentences(2),
    posterPath: `/${faker.string.alphanumeric(24)}.jpg`,
    backdropPath: `/${faker.string.alphanumeric(24)}.jpg`,
  }))
  .build()
