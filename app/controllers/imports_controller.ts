import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import DataImportTransformer from '#transformers/data_import_transformer'
import UserImportService from '#services/user_data/user_import_service'
import { createImportValidator } from '#validators/data_transfer'

/** /me/imports: Letterboxd and IMDb CSV imports, processed by a queued job. */
@inject()
export default class ImportsController {
  constructor(protected imports: UserImportService) {}

  /** 202 `{import_id}`; GET /me/imports/:id follows its progress. */
  async store({ auth, request, response }: HttpContext) {
    const { source, file } = await request.validateUsing(createImportValidator)
    const record = await this.imports.create(auth.getUserOrFail(), source, file)
    return response.accepted({ import_id: record.id, status: record.status })
  }

  async show({ auth, params }: HttpContext) {
    const record = await this.imports.findOwnOrFail(auth.getUserOrFail(), Number(params.id))
    return DataImportTransformer.resource(record)
  }
}
