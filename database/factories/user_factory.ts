import factory from '@adonisjs/lucid/factories'
import User from '#models/user'

export const UserFactory = factory
  .define(User, ({ faker }) => {
    const username = `${faker.internet.username().replace(/[^a-zA-Z0-9_]/g, '').slice(0, 20)}_${faker.string.alphanumeric(6)}`
    return {
      username,
      email: `${username.toLowerCase()}@example.test`,
      password: 'correct-horse-battery',
      displayName: faker.person.fullName(),
      role: 'user' as const,
      isPrivate: false,
      preferredLanguage: 'en',
      maturityFilter: 'all' as const,
      isPlaceholder: false,
    }
  })
  .state('moderator', (user) => {
    user.role = 'moderator'
  })
  .state('admin', (user) => {
    user.role = 'admin'
  })
  .build()
