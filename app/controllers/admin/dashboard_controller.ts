import type { HttpContext } from '@adonisjs/core/http'
import { dashboard } from '#services/admin/dashboard_service'

export default class AdminDashboardController {
  async index({ view }: HttpContext) {
    return view.render('admin/pages/dashboard', await dashboard.build())
  }
}
