import type { DocsModule, Schema } from '#openapi/types'
import { streamingServicesValidator, watchProvidersQueryValidator } from '#validators/watch_providers'
import { integer, movieIdParam as movieId, object, string, url } from '#openapi/schemas'

/** Where to watch (TMDB watch providers, JustWatch data): WatchProviderTransformer's shapes. */
const region: Schema = { ...string, pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 region', examples: ['US'] }

export const providerSchema: Schema = object({
  provider_id: { ...integer, description: "TMDB's provider id (8 Netflix, 9 Amazon Prime Video, 337 Disney Plus…)" },
  name: string,
  logo_url: url,
  display_priority: { ...integer, description: 'Lower first: the order TMDB shows providers in (lists are sorted by it)' },
})

const providers = (description: string): Schema => ({ type: 'array', items: providerSchema, description })

export const watchOffersSchema: Schema = object({
  region,
  link: { ...url, description: "TMDB's page of the movie's offers in the region (null when there are none)" },
  flatrate: providers('Included in a subscription'),
  rent: providers('To rent'),
  buy: providers('To buy'),
  free: providers('Free (with ads)'),
})

export const streamingServicesSchema: Schema = object({
  region,
  provider_ids: { type: 'array', items: integer, description: 'TMDB provider ids, ascending' },
})

const regionQuery = {
  validator: watchProvidersQueryValidator,
  descriptions: {
    region: "Two uppercase letters (ISO 3166-1); default: the region of the caller's `/me/services`, else `US`",
  },
}

const services = { description: "The caller's streaming services", schema: streamingServicesSchema }

const docs: DocsModule = {
  tags: [{ name: 'Watch providers', description: 'Where a movie can be streamed, rented or bought, by region (TMDB)' }],
  routes: {
    'api.movies.watch_providers': {
      summary: 'Where to watch a movie',
      description:
        "The movie's offers in one region by kind (`flatrate`, `rent`, `buy`, `free`), each list sorted by " +
        '`display_priority`; every list is empty where it is not offered. A region is two uppercase letters ' +
        '(else 422 naming `region`); a hidden movie is 404.',
      tags: ['Watch providers'],
      auth: 'optional',
      params: movieId,
      query: regionQuery,
      responses: { 200: { description: 'The offers', schema: watchOffersSchema } },
      errors: [404],
    },
    'api.watch_providers.index': {
      summary: 'Providers of a region',
      description: 'The providers offered in the region, sorted by `display_priority` (not paginated).',
      tags: ['Watch providers'],
      auth: 'optional',
      query: regionQuery,
      responses: {
        200: { description: 'The providers', schema: object({ data: { type: 'array', items: providerSchema } }) },
      },
    },
    'api.me.services.show': {
      summary: 'My streaming services',
      description: 'Region `US` and no providers until set. They decide the default region of the watch-provider ' +
        'endpoints, `available_on=mine` on `GET /movies`, and the `availability` notifications.',
      tags: ['Watch providers'],
      auth: 'required',
      responses: { 200: services },
    },
    'api.me.services.update': {
      summary: 'Set my streaming services',
      description:
        'Replaces the region and the providers (201 the first time, 200 after). Unknown provider ids are 422 ' +
        'naming `provider_ids`, and nothing changes.',
      tags: ['Watch providers'],
      auth: 'required',
      body: {
        validator: streamingServicesValidator,
        descriptions: { region: 'Two uppercase letters (ISO 3166-1)', provider_ids: 'TMDB provider ids (`GET /watch-providers`)' },
        example: { region: 'US', provider_ids: [8, 337] },
      },
      responses: { 200: services, 201: { description: 'Saved for the first time', schema: streamingServicesSchema } },
    },
  },
}

export default docs
