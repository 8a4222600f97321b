import { readFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import DataImport, { type ImportSource } from '#models/data_import'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import ImportUserDataJob from '#jobs/import_user_data_job'
import { assertFormat, ImportFormatError } from '#services/user_data/import_formats'
import { IMPORTS_DISK } from '#services/user_data/user_import_runner'

export type { ImportResource } from '#transformers/data_import_transformer'

/**
 * Letterboxd and IMDb imports. The upload is checked (its columns) and
 * parked on the private disk; ImportUserDataJob then runs it
 * (user_import_runner.ts).
 */
export default class UserImportService {
  async create(user: User, source: ImportSource, file: MultipartFile): Promise<DataImport> {
    const content = await readFile(file.tmpPath!, 'utf8')
    try {
      assertFormat(source, content)
    } catch (error) {
      if (error instanceof ImportFormatError) {
        throw ApiException.validation([{ field: 'file', rule: 'format', message: error.message }])
      }
      throw error
    }
    const fileKey = `imports/${randomUUID()}.csv`
    await drive.use(IMPORTS_DISK).put(fileKey, content)
    const record = await DataImport.create({
      userId: user.id,
      source,
      status: 'queued',
      fileKey,
      fileName: file.clientName.slice(0, 255),
      unmatchedRows: [],
    })
    await ImportUserDataJob.dispatch({ importId: record.id, createdAt: record.createdAt.toMillis() })
    return record
  }

  async findOwnOrFail(user: User, importId: number): Promise<DataImport> {
    const record = await DataImport.query().where({ id: importId, userId: user.id }).first()
    if (!record) throw ApiException.notFound('Import not found')
    return record
  }

}
