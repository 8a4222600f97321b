/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| The JSON API lives under /api/v1 (route names `api.*`). Every API route
| runs silent authentication (per-user fields on public endpoints) and the
| default rate limit; routes with a tighter limit add it (start/limiter.ts).
|
*/

import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import ApiException from '#exceptions/api_exception'

const HealthController = () => import('#controllers/health_controller')
const MoviesController = () => import('#controllers/movies_controller')
const GenresController = () => import('#controllers/genres_controller')
const OpenApiController = () => import('#controllers/openapi_controller')

router.get('/health', [HealthController, 'show']).as('health')

// OpenAPI document and Swagger UI (app/openapi; every route must be documented there).
router.get('/api/openapi.json', [OpenApiController, 'spec']).as('openapi.spec')
router.get('/api/docs', [OpenApiController, 'docs']).as('openapi.docs')
router.get('/api/docs/assets/:file', [OpenApiController, 'asset']).as('openapi.assets')

const id = router.matchers.number()

router
  .group(() => {
    /*
     * Catalogue (public; per-user fields with a token)
     */
    router
      .group(() => {
        router.get('/genres', [GenresController, 'index']).as('genres.index')
        router.get('/movies', [MoviesController, 'index']).as('movies.index')
        router
          .get('/movies/search', [MoviesController, 'search'])
          .as('movies.search')
          .use(middleware.throttle({ limit: 'search' }))
        router.get('/movies/trending', [MoviesController, 'trending']).as('movies.trending')
        router.get('/movies/popular', [MoviesController, 'popular']).as('movies.popular')
        router.get('/movies/top-rated', [MoviesController, 'topRated']).as('movies.top_rated')
        router.get('/movies/upcoming', [MoviesController, 'upcoming']).as('movies.upcoming')
        router.get('/movies/:id', [MoviesController, 'show']).where('id', id).as('movies.show')
      })
      .use(middleware.httpCache())

    router
      .post('/movies', [MoviesController, 'store'])
      .as('movies.store')
      .use(middleware.auth())

    // Unknown API paths still answer in the envelope, with rate-limit headers.
    router
      .any('/*', () => {
        throw ApiException.notFound('Route not found')
      })
      .as('not_found')
  })
  .prefix('/api/v1')
  .as('api')
  // Routes with a tighter limit (search, auth) add their own throttle after
  // this one; its headers are the ones the client sees.
  .use([middleware.throttle(), middleware.silentAuth()])
