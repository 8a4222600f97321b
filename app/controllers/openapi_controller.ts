import type { HttpContext } from '@adonisjs/core/http'
import ApiException from '#exceptions/api_exception'
import { openApi } from '#openapi/generator'
import { swaggerUiAssetPath, swaggerUiPage } from '#openapi/swagger_ui'

/**
 * The OpenAPI document (built once per process from the routes and
 * validators) and Swagger UI, served from the installed swagger-ui-dist.
 */
export default class OpenApiController {
  async spec({ response }: HttpContext) {
    response.header('Cache-Control', 'no-cache')
    return response.json(openApi().document)
  }

  async docs({ response }: HttpContext) {
    response.header('Cache-Control', 'no-cache')
    response.header('Content-Type', 'text/html; charset=utf-8')
    return response.send(swaggerUiPage())
  }

  async asset({ params, response }: HttpContext) {
    const path = swaggerUiAssetPath(String(params.file))
    if (!path) throw ApiException.notFound('Unknown asset')
    response.header('Cache-Control', 'public, max-age=86400')
    response.download(path, true)
  }
}
