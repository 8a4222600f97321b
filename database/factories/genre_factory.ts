import factory from '@adonisjs/lucid/factories'
import Genre from '#models/genre'

let nextId = 900_000

export const GenreFactory = factory
  .define(Genre, ({ faker }) => ({
    id: nextId++,
    name: `${faker.word.adjective()} ${nextId}`,
  }))
  .build()
