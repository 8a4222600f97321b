import type { DocsModule } from '#openapi/types'

const docs: DocsModule = {
  tags: [{ name: 'System', description: 'Health and this documentation' }],
  routes: {
    'health': {
      summary: 'Health check',
      description:
        'Database, Redis, queue and repeatable-job schedule checks. `degraded` (with `reasons`) when Redis or the ' +
        'queues are down, when schedules are missing (workers restore them), when a queue failed more than 20% of ' +
        'its jobs in the last hour, when the recommender model is older than 48 h, or when jobs wait and no worker ' +
        'has taken one for 5 minutes; 503 when the database is down.',
      tags: ['System'],
      auth: 'none',
      responses: {
        200: { description: 'Up (healthy or degraded)', schema: 'Health' },
        503: { description: 'The database is down', schema: 'Health' },
      },
    },
    'openapi.spec': {
      summary: 'This OpenAPI document',
      description: 'Generated from the routes and validators; Swagger UI at /api/docs.',
      tags: ['System'],
      auth: 'none',
      responses: {
        200: { description: 'OpenAPI 3.1 document', schema: { type: 'object', required: ['openapi', 'info', 'paths', 'components'] } },
      },
    },
  },
}

export default docs
