import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import StreamingServicesService from '#services/library/streaming_services'
import WatchProviderTransformer from '#transformers/watch_provider_transformer'
import { streamingServicesValidator } from '#validators/watch_providers'

/** GET / PUT /me/services: the caller's region and streaming services. */
@inject()
export default class StreamingServicesController {
  constructor(protected streamingServices: StreamingServicesService) {}

  async show({ auth }: HttpContext) {
    const services = await this.streamingServices.of(auth.getUserOrFail().id)
    return WatchProviderTransformer.services(services.region, services.providerIds)
  }

  /** Replaces both: 201 on the first save, 200 after. */
  async update({ auth, request, response }: HttpContext) {
    const input = await request.validateUsing(streamingServicesValidator)
    const saved = await this.streamingServices.replace(auth.getUserOrFail().id, input.region, input.provider_ids)
    const body = WatchProviderTransformer.services(saved.region, saved.providerIds)
    return saved.created ? response.created(body) : response.ok(body)
  }
}
