/*
|--------------------------------------------------------------------------
| Dependency outages
|--------------------------------------------------------------------------
|
| @adonisjs/redis logs every failed reconnect attempt as "fatal" with a
| stack (five a second with the fail-fast retry strategy of config/redis.ts).
| Connection errors join the outage log instead: one warning per outage.
|
*/

import redis from '@adonisjs/redis/services/main'
import { noteOutage } from '#exceptions/dependency_outage'

redis.doNotLogErrors()
redis.on('connection', (connection) => {
  connection.on('error', ({ error }) => {
    noteOutage('redis', error)
  })
  connection.on('subscriber:error', ({ error }) => {
    noteOutage('redis', error)
  })
})
