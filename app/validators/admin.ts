import vine from '@vinejs/vine'
import { ROLES } from '#services/auth/roles'

export const adminLoginValidator = vine.create(
  vine.object({
    login: vine.string().trim().minLength(1).maxLength(254),
    password: vine.string().minLength(1).maxLength(200),
    /** Only for accounts with two-factor sign-in: a TOTP code or a recovery code. */
    code: vine.string().trim().maxLength(64).optional(),
  })
)

/** `?page=&q=` of every paginated admin list. */
export const adminListValidator = vine.create(
  vine.object({
    page: vine.number().withoutDecimals().min(1).max(100000).optional(),
    q: vine.string().trim().maxLength(100).optional(),
  })
)

export const auditFilterValidator = vine.create(
  vine.object({
    page: vine.number().withoutDecimals().min(1).max(100000).optional(),
    actor: vine.string().trim().maxLength(50).optional(),
    action: vine.string().trim().maxLength(60).optional(),
    target_type: vine.string().trim().maxLength(30).optional(),
    target_id: vine.string().trim().maxLength(60).optional(),
  })
)

export const moderationActionValidator = vine.create(
  vine.object({
    target_type: vine.enum(['review', 'comment', 'list'] as const),
    target_id: vine.number().withoutDecimals().min(1),
    action: vine.enum(['hide', 'delete', 'dismiss', 'suspend_author'] as const),
    note: vine.string().trim().maxLength(500).optional(),
  })
)

export const suspendValidator = vine.create(
  vine.object({
    reason: vine.string().trim().minLength(3).maxLength(500),
  })
)

export const roleValidator = vine.create(
  vine.object({
    role: vine.enum(ROLES),
  })
)

export const liftIpBlockValidator = vine.create(
  vine.object({
    ip_address: vine.string().trim().ipAddress(),
  })
)

export const movieEditValidator = vine.create(
  vine.object({
    title: vine.string().trim().minLength(1).maxLength(300),
    original_title: vine.string().trim().maxLength(300).optional(),
    overview: vine.string().trim().maxLength(5000).optional(),
    tagline: vine.string().trim().maxLength(500).optional(),
    runtime: vine.number().withoutDecimals().min(1).max(1000).optional(),
    release_date: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    adult: vine.boolean().optional(),
  })
)

export const tmdbImportValidator = vine.create(
  vine.object({
    tmdb_id: vine.number().withoutDecimals().min(1).max(100000000),
  })
)

export const retryJobValidator = vine.create(
  vine.object({
    job_id: vine.string().trim().minLength(1).maxLength(200).optional(),
  })
)

export const triggerValidator = vine.create(
  vine.object({
    task: vine.enum(['tmdb_sync', 'retrain'] as const),
    hours: vine.number().withoutDecimals().min(1).max(336).optional(),
  })
)

export const broadcastValidator = vine.create(
  vine.object({
    title: vine.string().trim().minLength(3).maxLength(120),
    body: vine.string().trim().minLength(3).maxLength(2000),
  })
)
