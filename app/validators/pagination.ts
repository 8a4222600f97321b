import vine from '@vinejs/vine'

/** `?page=1&per_page=20`; page >= 1, per_page 1–100 (contract). */
export const paginationFields = {
  page: vine.number().withoutDecimals().min(1).max(1_000_000).optional(),
  per_page: vine.number().withoutDecimals().range([1, 100]).optional(),
}
