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
import { bigId, id, smallNumber } from '#validators/route_params'

// Lazy controllers (AdonisJS's way): a controller's module loads with its first request.
const HealthController = () => import('#controllers/health_controller')
const MoviesController = () => import('#controllers/movies_controller')
const CollectionsController = () => import('#controllers/collections_controller')
const GenresController = () => import('#controllers/genres_controller')
const OpenApiController = () => import('#controllers/openapi_controller')
const AuthController = () => import('#controllers/auth_controller')
const TwoFactorController = () => import('#controllers/two_factor_controller')
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
const SeriesController = () => import('#controllers/series_controller')
const SeriesRatingsController = () => import('#controllers/series_ratings_controller')
const SeriesWatchlistController = () => import('#controllers/series_watchlist_controller')
const SeriesFavoritesController = () => import('#controllers/series_favorites_controller')
const SeriesReviewsController = () => import('#controllers/series_reviews_controller')
const SeriesRecommendationsController = () => import('#controllers/series_recommendations_controller')
const SearchController = () => import('#controllers/search_controller')
const PeopleController = () => import('#controllers/people_controller')
const UsersController = () => import('#controllers/users_controller')
const FriendsController = () => import('#controllers/friends_controller')
const BlocksController = () => import('#controllers/blocks_controller')
const FeedController = () => import('#controllers/feed_controller')
const NotificationsController = () => import('#controllers/notifications_controller')
const NotificationSettingsController = () => import('#controllers/notification_settings_controller')
const ChatRoomsController = () => import('#controllers/chat_rooms_controller')
const ChatMessagesController = () => import('#controllers/chat_messages_controller')
const WatchProvidersController = () => import('#controllers/watch_providers_controller')
const StreamingServicesController = () => import('#controllers/streaming_services_controller')
const MovieContextController = () => import('#controllers/movie_context_controller')
const MovieTagsController = () => import('#controllers/movie_tags_controller')
const CalendarController = () => import('#controllers/calendar_controller')

router.get('/health', [HealthController, 'show']).as('health')

// OpenAPI document and Swagger UI (app/openapi; every route must be documented there).
router.get('/api/openapi.json', [OpenApiController, 'spec']).as('openapi.spec')
router.get('/api/docs', [OpenApiController, 'docs']).as('openapi.docs')
router.get('/api/docs/assets/:file', [OpenApiController, 'asset']).as('openapi.assets')

/** POST routes that create something honour `Idempotency-Key` (after `auth`: keys are per user). */
const idempotent = middleware.idempotency()

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
        router.get('/collections/:id', [CollectionsController, 'show']).where('id', id).as('collections.show')
        // People and filmographies (issue 15).
        router.get('/people/:id', [PeopleController, 'show']).where('id', id).as('people.show')
        router.get('/people/:id/credits', [PeopleController, 'credits']).where('id', id).as('people.credits')
      })
      .use(middleware.httpCache())

    router
      .post('/movies', [MoviesController, 'store'])
      .as('movies.store')
      .use(middleware.auth())
      .use(idempotent)

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
        // Two-factor sign-in (TOTP): the login's second step is a credential route.
        router.post('/2fa/setup', [TwoFactorController, 'setup']).as('two_factor.setup').use(middleware.auth())
        router.post('/2fa/enable', [TwoFactorController, 'enable']).as('two_factor.enable').use(middleware.auth())
        router.post('/2fa/disable', [TwoFactorController, 'disable']).as('two_factor.disable').use(middleware.auth())
        router.post('/2fa/verify', [TwoFactorController, 'verify']).as('two_factor.verify').use(authLimit)
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
        router
          .get('/reviews/:id/comments', [CommentsController, 'reviewIndex'])
          .where('id', bigId)
          .as('reviews.comments.index')
      })
      .use(middleware.httpCache())

    router
      .group(() => {
        router.put('/movies/:id/rating', [RatingsController, 'update']).where('id', id).as('movies.rating.update')
        router.delete('/movies/:id/rating', [RatingsController, 'destroy']).where('id', id).as('movies.rating.destroy')
        router
          .post('/movies/:id/comments', [CommentsController, 'movieStore'])
          .where('id', id)
          .as('movies.comments.store')
          .use(idempotent)
        router.patch('/comments/:id', [CommentsController, 'update']).where('id', id).as('comments.update')
        router.delete('/comments/:id', [CommentsController, 'destroy']).where('id', id).as('comments.destroy')
        router.post('/comments/:id/like', [CommentsController, 'like']).where('id', id).as('comments.like')
        router.delete('/comments/:id/like', [CommentsController, 'unlike']).where('id', id).as('comments.unlike')
        router.post('/reviews/:id/like', [ReviewsController, 'like']).where('id', bigId).as('reviews.like')
        router.delete('/reviews/:id/like', [ReviewsController, 'unlike']).where('id', bigId).as('reviews.unlike')
        router
          .post('/reviews/:id/comments', [CommentsController, 'reviewStore'])
          .where('id', bigId)
          .as('reviews.comments.store')
          .use(idempotent)
        router
          .post('/reviews/:id/report', [ReportsController, 'review'])
          .where('id', bigId)
          .as('reviews.report')
          .use(idempotent)
        router
          .post('/comments/:id/report', [ReportsController, 'comment'])
          .where('id', id)
          .as('comments.report')
          .use(idempotent)

        // Custom lists
        router.post('/lists', [ListsController, 'store']).as('lists.store').use(idempotent)
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
        router
          .post('/lists/:id/comments', [CommentsController, 'listStore'])
          .where('id', id)
          .as('lists.comments.store')
          .use(idempotent)
        router.post('/lists/:id/report', [ReportsController, 'list']).where('id', id).as('lists.report').use(idempotent)
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
        router.post('/diary', [DiaryController, 'store']).as('diary.store').use(idempotent)
        router.patch('/diary/:id', [DiaryController, 'update']).where('id', id).as('diary.update')
        router.delete('/diary/:id', [DiaryController, 'destroy']).where('id', id).as('diary.destroy')
        router.get('/history', [HistoryController, 'index']).as('history.index')
        router.get('/lists', [ListsController, 'mine']).as('lists.index')
        router.post('/imports', [ImportsController, 'store']).as('imports.store').use(idempotent)
        router.get('/imports/:id', [ImportsController, 'show']).where('id', id).as('imports.show')
        router.post('/export', [ExportsController, 'store']).as('export.store').use(idempotent)
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

    /*
     * Social graph (issue 5): users, friends, requests, blocks, feed, notifications
     */
    router
      .group(() => {
        router
          .get('/users', [UsersController, 'index'])
          .as('users.index')
          .use(middleware.throttle({ limit: 'search' }))
        router.get('/users/:id', [UsersController, 'show']).where('id', id).as('users.show')
        router.get('/users/:id/friends', [UsersController, 'friends']).where('id', id).as('users.friends')
        router.get('/users/:id/ratings', [UsersController, 'ratings']).where('id', id).as('users.ratings')
        router
          .post('/users/:id/friend-request', [UsersController, 'friendRequest'])
          .where('id', id)
          .as('users.friend_request')
          .use(idempotent)
        router.get('/movies/:id/friends', [FeedController, 'movieFriends']).where('id', id).as('movies.friends')
        router.get('/me/friends', [FriendsController, 'index']).as('me.friends.index')
        router
          .delete('/me/friends/:user_id', [FriendsController, 'destroy'])
          .where('user_id', id)
          .as('me.friends.destroy')
        router.get('/me/friend-requests', [FriendsController, 'requests']).as('me.friend_requests.index')
        router
          .post('/me/friend-requests/:id/accept', [FriendsController, 'accept'])
          .where('id', id)
          .as('me.friend_requests.accept')
        router
          .delete('/me/friend-requests/:id', [FriendsController, 'destroyRequest'])
          .where('id', id)
          .as('me.friend_requests.destroy')
        router.get('/me/blocks', [BlocksController, 'index']).as('me.blocks.index')
        router.put('/me/blocks/:user_id', [BlocksController, 'update']).where('user_id', id).as('me.blocks.update')
        router.delete('/me/blocks/:user_id', [BlocksController, 'destroy']).where('user_id', id).as('me.blocks.destroy')
        router.get('/me/feed', [FeedController, 'index']).as('me.feed')
        router.get('/me/notifications', [NotificationsController, 'index']).as('me.notifications.index')
        router.post('/me/notifications/read', [NotificationsController, 'markRead']).as('me.notifications.read')
        router
          .post('/me/notifications/:id/read', [NotificationsController, 'markOneRead'])
          .where('id', bigId)
          .as('me.notifications.read_one')
        router.get('/me/notification-settings', [NotificationSettingsController, 'show']).as('me.notification_settings.show')
        router
          .patch('/me/notification-settings', [NotificationSettingsController, 'update'])
          .as('me.notification_settings.update')
      })
      .use(middleware.auth())

    /*
     * TV series (issue 9): public, per-user maturity filter with a token
     */
    router
      .group(() => {
        router.get('/series', [SeriesController, 'index']).as('series.index')
        router
          .get('/series/search', [SeriesController, 'search'])
          .as('series.search')
          .use(middleware.throttle({ limit: 'search' }))
        // Movies and series together (?type=movie|series), with the search limit.
        router
          .get('/search', [SearchController, 'index'])
          .as('search')
          .use(middleware.throttle({ limit: 'search' }))
        router.get('/series/trending', [SeriesController, 'trending']).as('series.trending')
        router.get('/series/popular', [SeriesController, 'popular']).as('series.popular')
        router.get('/series/top-rated', [SeriesController, 'topRated']).as('series.top_rated')
        router.get('/series/:id', [SeriesController, 'show']).where('id', id).as('series.show')
        router
          .get('/series/:id/seasons/:number', [SeriesController, 'season'])
          .where('id', id)
          .where('number', smallNumber)
          .as('series.seasons.show')
        router.get('/series/:id/reviews', [SeriesReviewsController, 'index']).where('id', id).as('series.reviews.index')
        router
          .get('/series/:id/similar', [SeriesRecommendationsController, 'similar'])
          .where('id', id)
          .as('series.similar')
      })
      .use(middleware.httpCache())

    router
      .group(() => {
        router.put('/series/:id/rating', [SeriesRatingsController, 'update']).where('id', id).as('series.rating.update')
        router
          .delete('/series/:id/rating', [SeriesRatingsController, 'destroy'])
          .where('id', id)
          .as('series.rating.destroy')
        router
          .put('/series/:id/seasons/:number/episodes/:episode/rating', [SeriesRatingsController, 'updateEpisode'])
          .where('id', id)
          .where('number', smallNumber)
          .where('episode', smallNumber)
          .as('series.episodes.rating.update')
        router
          .delete('/series/:id/seasons/:number/episodes/:episode/rating', [SeriesRatingsController, 'destroyEpisode'])
          .where('id', id)
          .where('number', smallNumber)
          .where('episode', smallNumber)
          .as('series.episodes.rating.destroy')
        router
          .put('/series/:id/seasons/:number/episodes/:episode/watched', [SeriesWatchlistController, 'markWatched'])
          .where('id', id)
          .where('number', smallNumber)
          .where('episode', smallNumber)
          .as('series.episodes.watched.update')
        router
          .delete('/series/:id/seasons/:number/episodes/:episode/watched', [SeriesWatchlistController, 'unmarkWatched'])
          .where('id', id)
          .where('number', smallNumber)
          .where('episode', smallNumber)
          .as('series.episodes.watched.destroy')
        router.get('/me/watchlist/series', [SeriesWatchlistController, 'index']).as('me.watchlist.series.index')
        router
          .put('/me/watchlist/series/:series_id', [SeriesWatchlistController, 'update'])
          .where('series_id', id)
          .as('me.watchlist.series.update')
        router
          .delete('/me/watchlist/series/:series_id', [SeriesWatchlistController, 'destroy'])
          .where('series_id', id)
          .as('me.watchlist.series.destroy')
        router
          .patch('/me/watchlist/series/:series_id', [SeriesWatchlistController, 'patch'])
          .where('series_id', id)
          .as('me.watchlist.series.patch')
        router
          .put('/me/favorites/series/:series_id', [SeriesFavoritesController, 'update'])
          .where('series_id', id)
          .as('me.favorites.series.update')
        router
          .delete('/me/favorites/series/:series_id', [SeriesFavoritesController, 'destroy'])
          .where('series_id', id)
          .as('me.favorites.series.destroy')
        router
          .post('/series/reviews/:id/like', [SeriesReviewsController, 'like'])
          .where('id', bigId)
          .as('series.reviews.like')
        router
          .delete('/series/reviews/:id/like', [SeriesReviewsController, 'unlike'])
          .where('id', bigId)
          .as('series.reviews.unlike')
        router
          .put('/me/recommendations/hidden/series/:series_id', [SeriesRecommendationsController, 'hide'])
          .where('series_id', id)
          .as('me.recommendations.hidden.series.update')
        router
          .delete('/me/recommendations/hidden/series/:series_id', [SeriesRecommendationsController, 'unhide'])
          .where('series_id', id)
          .as('me.recommendations.hidden.series.destroy')
      })
      .use(middleware.auth())

    /*
     * A film in context (issue 15): its stats, the public lists holding it,
     * its user tags (public); the caller's own tags and calendar
     */
    router
      .group(() => {
        router.get('/movies/:id/stats', [MovieContextController, 'stats']).where('id', id).as('movies.stats')
        router.get('/movies/:id/lists', [MovieContextController, 'lists']).where('id', id).as('movies.lists')
        router.get('/movies/:id/tags', [MovieContextController, 'tags']).where('id', id).as('movies.tags')
      })
      .use(middleware.httpCache())
    router
      .group(() => {
        router.get('/me/movies/:id/tags', [MovieTagsController, 'show']).where('id', id).as('me.movies.tags.show')
        router.put('/me/movies/:id/tags', [MovieTagsController, 'update']).where('id', id).as('me.movies.tags.update')
        router.get('/me/calendar', [CalendarController, 'index']).as('me.calendar')
      })
      .use(middleware.auth())

    /*
     * Chat (issue 6): direct rooms between friends, public movie rooms;
     * live delivery on Transmit's chat/rooms/:id channel (start/transmit.ts)
     */
    router
      .group(() => {
        router.get('/rooms', [ChatRoomsController, 'index']).as('rooms.index')
        router.post('/rooms', [ChatRoomsController, 'store']).as('rooms.store').use(idempotent)
        router.delete('/rooms/:id/membership', [ChatRoomsController, 'leave']).where('id', id).as('rooms.membership.destroy')
        router.post('/rooms/:id/read', [ChatRoomsController, 'read']).where('id', id).as('rooms.read')
        router.get('/rooms/:id/messages', [ChatMessagesController, 'index']).where('id', id).as('rooms.messages.index')
        router
          .post('/rooms/:id/messages', [ChatMessagesController, 'store'])
          .where('id', id)
          .as('rooms.messages.store')
          .use(idempotent)
      })
      .prefix('/chat')
      .as('chat')
      .use(middleware.auth())

    /*
     * Where to watch (TMDB watch providers): public offers by region, and the
     * caller's streaming services
     */
    router
      .group(() => {
        router
          .get('/movies/:id/watch-providers', [WatchProvidersController, 'movie'])
          .where('id', id)
          .as('movies.watch_providers')
        router.get('/watch-providers', [WatchProvidersController, 'index']).as('watch_providers.index')
      })
      .use(middleware.httpCache())
    router
      .group(() => {
        router.get('/me/services', [StreamingServicesController, 'show']).as('me.services.show')
        router.put('/me/services', [StreamingServicesController, 'update']).as('me.services.update')
      })
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

/*
 * Admin panel (server-rendered, issue 8): session login through the `web`
 * guard, CSRF on every form (shield), moderators and admins only. Route
 * names `admin.*`; the JSON API above never sees a session cookie.
 */
const AdminSessionController = () => import('#controllers/admin/session_controller')
const AdminDashboardController = () => import('#controllers/admin/dashboard_controller')
const AdminModerationController = () => import('#controllers/admin/moderation_controller')
const AdminUsersController = () => import('#controllers/admin/users_controller')
const AdminMoviesController = () => import('#controllers/admin/movies_controller')
const AdminQueuesController = () => import('#controllers/admin/queues_controller')
const AdminBroadcastController = () => import('#controllers/admin/broadcast_controller')
const AdminAuditController = () => import('#controllers/admin/audit_controller')
const AdminPeopleController = () => import('#controllers/admin/people_controller')

router
  .group(() => {
    router.get('/login', [AdminSessionController, 'show']).as('login')
    router
      .post('/login', [AdminSessionController, 'store'])
      .as('login.store')
      .use(middleware.throttle({ limit: 'admin_login' }))

    router
      .group(() => {
        router.post('/logout', [AdminSessionController, 'destroy']).as('logout')
        router.get('/', [AdminDashboardController, 'index']).as('dashboard')

        router.get('/reports', [AdminModerationController, 'index']).as('reports.index')
        router.post('/reports/resolve', [AdminModerationController, 'resolve']).as('reports.resolve')

        router.get('/users', [AdminUsersController, 'index']).as('users.index')
        router.get('/users/:id', [AdminUsersController, 'show']).where('id', id).as('users.show')
        router.post('/users/:id/suspend', [AdminUsersController, 'suspend']).where('id', id).as('users.suspend')
        router.post('/users/:id/unsuspend', [AdminUsersController, 'unsuspend']).where('id', id).as('users.unsuspend')
        router.post('/users/:id/role', [AdminUsersController, 'role']).where('id', id).as('users.role')
        router.get('/ip-blocks', [AdminUsersController, 'ipBlocks']).as('ip_blocks.index')
        router.post('/ip-blocks/lift', [AdminUsersController, 'liftIpBlock']).as('ip_blocks.lift')

        router.get('/movies', [AdminMoviesController, 'index']).as('movies.index')
        router.post('/movies/import', [AdminMoviesController, 'import']).as('movies.import')
        router.get('/movies/:id', [AdminMoviesController, 'show']).where('id', id).as('movies.show')
        router.post('/movies/:id', [AdminMoviesController, 'update']).where('id', id).as('movies.update')
        router.post('/movies/:id/hide', [AdminMoviesController, 'hide']).where('id', id).as('movies.hide')
        router.post('/movies/:id/unhide', [AdminMoviesController, 'unhide']).where('id', id).as('movies.unhide')
        router.post('/movies/:id/resync', [AdminMoviesController, 'resync']).where('id', id).as('movies.resync')
        router.get('/people/:id', [AdminPeopleController, 'show']).where('id', id).as('people.show')
        router.post('/people/:id/resync', [AdminPeopleController, 'resync']).where('id', id).as('people.resync')

        router.get('/queues', [AdminQueuesController, 'index']).as('queues.index')
        router.post('/queues/trigger', [AdminQueuesController, 'trigger']).as('queues.trigger')
        router.get('/queues/:name', [AdminQueuesController, 'show']).as('queues.show')
        router.post('/queues/:name/retry', [AdminQueuesController, 'retry']).as('queues.retry')

        router.get('/broadcast', [AdminBroadcastController, 'create']).as('broadcast.create')
        router.post('/broadcast', [AdminBroadcastController, 'store']).as('broadcast.store')

        router.get('/audit', [AdminAuditController, 'index']).as('audit.index')
      })
      .use(middleware.admin())
  })
  .prefix('/admin')
  .as('admin')
  .use([middleware.session(), middleware.shield()])
