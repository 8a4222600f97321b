/*
|--------------------------------------------------------------------------
| Application events
|--------------------------------------------------------------------------
|
| `user:library_changed` is emitted by every write to what a user rated,
| listed, logged or befriended. Caches derived from that library (profile
| counters, recommendations) listen here instead of every writer knowing
| about every cache.
|
| `user:changed` is emitted by every save or delete of a users row through
| the User model: the caches holding copies of users drop theirs.
|
*/

import emitter from '@adonisjs/core/services/emitter'

export type LibraryChange = 'rating' | 'watchlist' | 'favorite' | 'diary' | 'friendship' | 'genres' | 'import'

declare module '@adonisjs/core/types' {
  interface EventsList {
    'user:library_changed': { userId: number; change: LibraryChange }
    'user:changed': { userId: number }
  }
}

// Lazy listeners (AdonisJS's way): loaded on the first event, not at boot.
const UserLibraryListener = () => import('#listeners/user_library_listener')
const UserCacheListener = () => import('#listeners/user_cache_listener')

emitter.on('user:library_changed', [UserLibraryListener, 'handle'])
emitter.on('user:changed', [UserCacheListener, 'handle'])
