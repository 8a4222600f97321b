import app from '@adonisjs/core/services/app'

/**
 * The shared data sets (MovieLens, TMDB dump) live beside the repository in
 * ../shared/data — never inside it (their licences allow research use only).
 * SHARED_DATA_DIR points elsewhere.
 */
export function sharedDataDir(...segments: string[]) {
  return app.makePath(process.env.SHARED_DATA_DIR ?? '../shared/data', ...segments)
}
