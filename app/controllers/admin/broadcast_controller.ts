import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { broadcastValidator } from '#validators/admin'
import BroadcastService from '#services/admin/broadcast_service'

@inject()
export default class AdminBroadcastController {
  constructor(protected broadcasts: BroadcastService) {}

  async create({ view }: HttpContext) {
    return view.render('admin/pages/broadcast')
  }

  async store({ request, auth, session, response }: HttpContext) {
    const input = await request.validateUsing(broadcastValidator)
    const jobId = await this.broadcasts.queue(auth.use('web').user!, input, request.ip())
    session.flash('success', `Broadcast queued (job ${jobId}).`)
    return response.redirect().toRoute('admin.broadcast.create')
  }
}
