import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'

/** An ISO 3166-1 alpha-2 region as TMDB writes it: two uppercase letters (`US`, `GB`). */
export const regionRule = () => vine.string().regex(/^[A-Z]{2}$/)

/** Every id of the array is a provider we know (TMDB's id); reported on the array's own field. */
const knownProviders = vine.createRule(
  async (value, _options, field) => {
    if (!field.isValid || !Array.isArray(value) || !value.length) return
    const ids = value as number[]
    const rows = await db.from('watch_providers').whereIn('id', ids).select('id')
    const known = new Set(rows.map((row: { id: number }) => row.id))
    const unknown = ids.filter((id) => !known.has(id))
    if (unknown.length) field.report(`Unknown watch provider ids: ${unknown.join(', ')}`, 'exists', field)
  },
  { isAsync: true }
)

/** `?region=` of GET /movies/:id/watch-providers and GET /watch-providers. */
export const watchProvidersQueryValidator = vine.create({
  region: regionRule().optional(),
})

/** PUT /me/services: the caller's region and the providers they subscribe to there (replaces both). */
export const streamingServicesValidator = vine.create({
  region: regionRule(),
  provider_ids: vine
    .array(vine.number().withoutDecimals().positive().max(2_147_483_647))
    .maxLength(100)
    .distinct()
    .use(knownProviders()),
})
