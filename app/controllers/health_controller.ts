import type { HttpContext } from '@adonisjs/core/http'
import { checkHealth } from '#services/health/health_service'

export default class HealthController {
  async show({ response }: HttpContext) {
    const { httpStatus, body } = await checkHealth()
    return response.status(httpStatus).json(body)
  }
}
