import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import DataExportTransformer from '#transformers/data_export_transformer'
import UserExportService from '#services/user_data/user_export_service'

/** /me/export: a ZIP of the caller's data, built by a queued job, downloadable for 24 h. */
@inject()
export default class ExportsController {
  constructor(protected exports: UserExportService) {}

  /** 202 `{export_id}` (the pending one when an export is already under way). */
  async store({ auth, response }: HttpContext) {
    const record = await this.exports.request(auth.getUserOrFail())
    return response.accepted({ export_id: record.id, status: record.status })
  }

  async show({ auth, params }: HttpContext) {
    const record = await this.exports.findOwnOrFail(auth.getUserOrFail(), Number(params.id))
    return DataExportTransformer.resource(record)
  }

  /** The ZIP itself, for its owner only. */
  async download({ auth, params, response }: HttpContext) {
    const { stream, fileName, size } = await this.exports.download(auth.getUserOrFail(), Number(params.id))
    response.header('Content-Type', 'application/zip')
    response.header('Content-Disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`)
    response.header('Cache-Control', 'private, no-store')
    if (size !== null) response.header('Content-Length', String(size))
    return response.stream(stream)
  }
}
