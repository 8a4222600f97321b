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
const AuthController = () => import('#controllers/auth_controller')
const SessionsController = () => import('#controllers/sessions_controller')
const PasswordsController = () => import('#controllers/passwords_controller')
const EmailVerificationsController = () => import('#controllers/email_verifications_controller')
const AccountController = () => import('#controllers/account_controller')
const ProfileController = () => import('#controllers/profile_controller')
const RatingsController = () => import('#controllers/ratings_controller')
const ReviewsController = () => import('#controllers/reviews_controller')
const CommentsController = () => import('#controllers/comments_controller')
const ReportsController = () => import('#controllers/reports_controller')
const WatchlistController = () => import('#controllers/watchlist_controller')
const FavoritesController = () => import('#controllers/favorites_controller')
const DiaryController = () => import('#controllers/diary_controller')
const HistoryController = () => import('#controllers/history_controller')
const ListsController = () => import('#controllers/lists_controller')
const ImportsController = () => import('#controllers/imports_controller')
const ExportsController = () => import('#controllers/exports_controller')
const RecommendationsController = () => import('#controllers/recommendations_controller')

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

    /*
     * Auth: credential routes are limited to 5/min per IP (refresh 30/min)
     */
    router
      .group(() => {
        const authLimit = middleware.throttle({ limit: 'auth' })
        router.post('/register', [AuthController, 'register']).as('register').use(authLimit)
        router.post('/login', [AuthController, 'login']).as('login').use(authLimit)
        router
          .post('/refresh', [AuthController, 'refresh'])
          .as('refresh')
          .use(middleware.throttle({ limit: 'refresh' }))
        router.post('/logout', [AuthController, 'logout']).as('logout').use(middleware.auth())
        router.get('/sessions', [SessionsController, 'index']).as('sessions.index').use(middleware.auth())
        router
          .delete('/sessions/:id', [SessionsController, 'destroy'])
          .where('id', id)
          .as('sessions.destroy')
          .use(middleware.auth())
        router.post('/password/forgot', [PasswordsController, 'forgot']).as('password.forgot').use(authLimit)
        router.post('/password/verify', [PasswordsController, 'verify']).as('password.verify').use(authLimit)
        router.post('/password/reset', [PasswordsController, 'reset']).as('password.reset').use(authLimit)
        router
          .post('/password/change', [PasswordsController, 'change'])
          .as('password.change')
          .use(middleware.auth())
        router
          .post('/email/verify', [EmailVerificationsController, 'verify'])
          .as('email.verify')
          .use([middleware.auth(), authLimit])
        router
          .post('/email/resend', [EmailVerificationsController, 'resend'])
          .as('email.resend')
          .use([middleware.auth(), authLimit])
        router
          .get('/username-available', [AccountController, 'usernameAvailable'])
          .as('username_available')
        router.delete('/account', [AccountController, 'destroy']).as('account.destroy').use(middleware.auth())
      })
      .prefix('/auth')
      .as('auth')

    /*
     * The caller's profile
     */
    router
      .group(() => {
        router.get('/', [ProfileController, 'show']).as('show')
        router.patch('/', [ProfileController, 'update']).as('update')
        router.put('/avatar', [ProfileController, 'updateAvatar']).as('avatar.update')
        router.delete('/avatar', [ProfileController, 'destroyAvatar']).as('avatar.destroy')
      })
      .prefix('/me')
      .as('me')
      .use(middleware.auth())

    /*
     * Engagement: ratings, reviews, comments, reports (issue 4)
     */
    router
      .group(() => {
        router.get('/movies/:id/reviews', [ReviewsController, 'movieIndex']).where('id', id).as('movies.reviews.index')
        router.get('/movies/:id/comments', [CommentsController, 'movieIndex']).where('id', id).as('movies.comments.index')
        router.get('/comments/:id/replies', [CommentsController, 'replies']).where('id', id).as('comments.replies')
        router.get('/lists', [ListsController, 'index']).as('lists.index')
        router.get('/lists/:id', [ListsController, 'show']).where('id', id).as('lists.show')
        router.get('/lists/:id/comments', [CommentsController, 'listIndex']).where('id', id).as('lists.comments.index')
      })
      .use(middleware.httpCache())

    router
      .group(() => {
        router.put('/movies/:id/rating', [RatingsController, 'update']).where('id', id).as('movies.rating.update')
        router.delete('/movies/:id/rating', [RatingsController, 'destroy']).where('id', id).as('movies.rating.destroy')
        router.post('/movies/:id/comments', [CommentsController, 'movieStore']).where('id', id).as('movies.comments.store')
        router.patch('/comments/:id', [CommentsController, 'update']).where('id', id).as('comments.update')
        router.delete('/comments/:id', [CommentsController, 'destroy']).where('id', id).as('comments.destroy')
        router.post('/reviews/:id/like', [ReviewsController, 'like']).where('id', id).as('reviews.like')
        router.delete('/reviews/:id/like', [ReviewsController, 'unlike']).where('id', id).as('reviews.unlike')
        router.post('/reviews/:id/report', [ReportsController, 'review']).where('id', id).as('reviews.report')
        router.post('/comments/:id/report', [ReportsController, 'comment']).where('id', id).as('comments.report')

        // Custom lists
        router.post('/lists', [ListsController, 'store']).as('lists.store')
        router.patch('/lists/:id', [ListsController, 'update']).where('id', id).as('lists.update')
        router.delete('/lists/:id', [ListsController, 'destroy']).where('id', id).as('lists.destroy')
        router
          .put('/lists/:id/items/:movie_id', [ListsController, 'putItem'])
          .where('id', id)
          .where('movie_id', id)
          .as('lists.items.update')
        router
          .delete('/lists/:id/items/:movie_id', [ListsController, 'removeItem'])
          .where('id', id)
          .where('movie_id', id)
          .as('lists.items.destroy')
        router.post('/lists/:id/like', [ListsController, 'like']).where('id', id).as('lists.like')
        router.delete('/lists/:id/like', [ListsController, 'unlike']).where('id', id).as('lists.unlike')
        router.post('/lists/:id/comments', [CommentsController, 'listStore']).where('id', id).as('lists.comments.store')
        router.post('/lists/:id/report', [ReportsController, 'list']).where('id', id).as('lists.report')
      })
      .use(middleware.auth())

    /*
     * The caller's ratings, reviews, watchlist, favourites, diary, history,
     * lists, imports and export (issue 4)
     */
    router
      .group(() => {
        router.get('/ratings', [RatingsController, 'index']).as('ratings.index')
        router.get('/reviews', [ReviewsController, 'mine']).as('reviews.index')
        router.get('/watchlist', [WatchlistController, 'index']).as('watchlist.index')
        router.put('/watchlist/:movie_id', [WatchlistController, 'update']).where('movie_id', id).as('watchlist.update')
        router.patch('/watchlist/:movie_id', [WatchlistController, 'patch']).where('movie_id', id).as('watchlist.patch')
        router.delete('/watchlist/:movie_id', [WatchlistController, 'destroy']).where('movie_id', id).as('watchlist.destroy')
        router.get('/favorites', [FavoritesController, 'index']).as('favorites.index')
        router.put('/favorites/:movie_id', [FavoritesController, 'update']).where('movie_id', id).as('favorites.update')
        router.delete('/favorites/:movie_id', [FavoritesController, 'destroy']).where('movie_id', id).as('favorites.destroy')
        router.get('/diary', [DiaryController, 'index']).as('diary.index')
        router.post('/diary', [DiaryController, 'store']).as('diary.store')
        router.patch('/diary/:id', [DiaryController, 'update']).where('id', id).as('diary.update')
        router.delete('/diary/:id', [DiaryController, 'destroy']).where('id', id).as('diary.destroy')
        router.get('/history', [HistoryController, 'index']).as('history.index')
        router.get('/lists', [ListsController, 'mine']).as('lists.index')
        router.post('/imports', [ImportsController, 'store']).as('imports.store')
        router.get('/imports/:id', [ImportsController, 'show']).where('id', id).as('imports.show')
        router.post('/export', [ExportsController, 'store']).as('export.store')
        router.get('/export/:id', [ExportsController, 'show']).where('id', id).as('export.show')
        router.get('/export/:id/download', [ExportsController, 'download']).where('id', id).as('export.download')
      })
      .prefix('/me')
      .as('me')
      .use(middleware.auth())

    /*
     * Recommendations (issue 7): the caller's lists and hidden movies, and the
     * public per-movie lists (per-user exclusions with a token)
     */
    router
      .group(() => {
        router.get('/me/recommendations', [RecommendationsController, 'index']).as('me.recommendations.index')
        router
          .put('/me/recommendations/hidden/:movie_id', [RecommendationsController, 'hide'])
          .where('movie_id', id)
          .as('me.recommendations.hidden.update')
        router
          .delete('/me/recommendations/hidden/:movie_id', [RecommendationsController, 'unhide'])
          .where('movie_id', id)
          .as('me.recommendations.hidden.destroy')
      })
      .use(middleware.auth())
    router
      .group(() => {
        router.get('/movies/:id/similar', [RecommendationsController, 'similar']).where('id', id).as('movies.similar')
        router
          .get('/movies/:id/recommendations', [RecommendationsController, 'movie'])
          .where('id', id)
          .as('movies.recommendations')
      })
      .use(middleware.httpCache())

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
