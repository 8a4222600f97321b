/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| The JSON API lives under /api/v1 (named `api.*`). Every API route runs
| silent authentication (per-user fields on public endpoints) and one
| named rate limit.
|
*/

import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const HealthController = () => import('#controllers/health_controller')

router.get('/health', [HealthController, 'show']).as('health')
