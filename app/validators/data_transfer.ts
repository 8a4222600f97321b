import vine from '@vinejs/vine'
import { IMPORT_SOURCES } from '#models/data_import'

export const IMPORT_MAX_SIZE = '5mb'

/** POST /me/imports: a Letterboxd or IMDb CSV export. */
export const createImportValidator = vine.create({
  source: vine.enum(IMPORT_SOURCES),
  file: vine.file({ size: IMPORT_MAX_SIZE, extnames: ['csv'] }),
})
