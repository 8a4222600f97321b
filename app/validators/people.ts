import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'

/** TMDB's departments (its /configuration/jobs), with "Acting" standing for cast credits. */
export const DEPARTMENTS = [
  'Acting',
  'Art',
  'Camera',
  'Costume & Make-Up',
  'Crew',
  'Directing',
  'Editing',
  'Lighting',
  'Production',
  'Sound',
  'Visual Effects',
  'Writing',
] as const

export const PERSON_CREDIT_SORTS = ['-release_date', 'release_date', '-popularity'] as const
export type PersonCreditSort = (typeof PERSON_CREDIT_SORTS)[number]

/** GET /people/:id/credits (API.md, "People and filmographies"). */
export const personCreditsValidator = vine.create({
  ...paginationFields,
  role: vine.enum(['cast', 'crew'] as const).optional(),
  department: vine.enum(DEPARTMENTS).optional(),
  sort: vine.enum(PERSON_CREDIT_SORTS).optional(),
})
