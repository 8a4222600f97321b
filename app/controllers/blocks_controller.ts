import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import BlockService from '#services/social/block_service'

/** /me/blocks */
@inject()
export default class BlocksController {
  constructor(protected blocks: BlockService) {}

  async index({ auth }: HttpContext) {
    return this.blocks.list(auth.getUserOrFail())
  }

  /** PUT: 201 blocked, 200 already blocked. */
  async update({ auth, params, response }: HttpContext) {
    const { created, block } = await this.blocks.block(auth.getUserOrFail(), Number(params.user_id))
    return response.status(created ? 201 : 200).json(block)
  }

  async destroy({ auth, params, response }: HttpContext) {
    await this.blocks.unblock(auth.getUserOrFail(), Number(params.user_id))
    return response.noContent()
  }
}
