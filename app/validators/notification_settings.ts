import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { NOTIFICATION_TYPES } from '#transformers/notification_transformer'

const CHANNELS = ['in_app', 'email'] as const

/** Where a validation error names a key of the object being checked. */
function reportAt(field: FieldContext, key: string, message: string, rule: string) {
  const parent = field.getFieldPath()
  const path = parent ? `${parent}.${key}` : key
  field.report(message, rule, { ...field, name: key, isArrayMember: false, wildCardPath: path, getFieldPath: () => path })
}

/**
 * Rejects keys an object does not name (VineJS would drop them) and null
 * values (VineJS would take them for "not sent"): an unknown notification
 * type or channel, or a null, is a 422 naming it (`bogus`,
 * `friend_request.push`, `friend_request.email`), never silently ignored.
 */
const strictKeys = vine.createRule(
  (value: unknown, options: { known: readonly string[]; nullRule: string; nullMessage: string }, field: FieldContext) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return
    for (const [key, entry] of Object.entries(value)) {
      if (!options.known.includes(key)) reportAt(field, key, `Unknown field "${key}"`, 'unknown')
      else if (entry === null) reportAt(field, key, options.nullMessage, options.nullRule)
    }
  }
)

/** `{in_app?, email?}`: real JSON booleans only ("yes", 1 and "true" are refused). */
const channels = () =>
  vine
    .object({
      in_app: vine.boolean({ strict: true }).optional(),
      email: vine.boolean({ strict: true }).optional(),
    })
    .allowUnknownProperties()
    .use(strictKeys({ known: CHANNELS, nullRule: 'boolean', nullMessage: 'The value must be a boolean' }))
    .optional()

/**
 * PATCH /me/notification-settings: `{<type>: {in_app?, email?}}` for any of
 * NOTIFICATION_TYPES (a new type is accepted with no change here).
 */
export const notificationSettingsValidator = vine.create(
  vine
    .object(Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, channels()])) as Record<(typeof NOTIFICATION_TYPES)[number], ReturnType<typeof channels>>)
    .allowUnknownProperties()
    .use(strictKeys({ known: NOTIFICATION_TYPES, nullRule: 'object', nullMessage: 'The value must be an object' }))
)
