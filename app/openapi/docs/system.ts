import type { DocsModule } from '#openapi/types'

const docs: DocsModule = {
  tags: [{ name: 'System', description: 'Health and this documentation' }],
  routes: {
    'health': {
      summary: 'Health check',
      description:
        'Database, Redis, queue and repeatable-job schedule checks. `degraded` when Redis or the ' +
        'queues are down or schedules are missing; ' +
        '503 when the database is.',
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
        200: { description: 'OpenAPI 3.1 document', schema: { type: 'object' } },
      },
    },
  },
}

export default docs
