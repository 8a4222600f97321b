import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import DashboardService from '#services/admin/dashboard_service'

@inject()
export default class AdminDashboardController {
  constructor(protected dashboard: DashboardService) {}

  async index({ view }: HttpContext) {
    return view.render('admin/pages/dashboard', await this.dashboard.build())
  }
}
