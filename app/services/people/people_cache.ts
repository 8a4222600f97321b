import cache from '@adonisjs/cache/services/main'

/**
 * Response-cache tags of people, beside catalogue_cache.ts's movie tags.
 * A person's page and filmography carry `person:<id>` (and the catalogue
 * tag, since they embed movie summaries whose figures move with ratings);
 * person search results carry `people`. The person sync invalidates both.
 */
export const PEOPLE_TAG = 'people'
export const personTag = (personId: number) => `person:${personId}`

/** A person's own page changed (re-synced): their page, filmography pages and person searches. */
export async function invalidatePerson(personId: number) {
  await cache.deleteByTag({ tags: [PEOPLE_TAG, personTag(personId)] })
}
