import vine from '@vinejs/vine'
import { REPORT_REASONS } from '#models/report'

/** `message` is required when the reason alone says too little. */
export const createReportValidator = vine.create({
  reason: vine.enum(REPORT_REASONS),
  message: vine
    .string()
    .trim()
    .minLength(1)
    .maxLength(2000)
    .optional()
    .requiredWhen('reason', 'in', ['other', 'plagiarism']),
  share_token: vine.string().maxLength(64).optional(),
})
