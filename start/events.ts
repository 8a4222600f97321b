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
*/

import emitter from '@adonisjs/core/services/emitter'

export type LibraryChange = 'rating' | 'watchlist' | 'favorite' | 'diary' | 'friendship' | 'genres' | 'import'

declare module '@adonisjs/core/types' {
  interface EventsList {
    'user:library_changed': { userId: number; change: LibraryChange }
  }
}

const UserLibraryListener = () => import('#listeners/user_library_listener')

emitter.on('user:library_changed', [UserLibraryListener, 'handle'])
