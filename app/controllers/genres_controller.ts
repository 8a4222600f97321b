import { inject } from '@adonisjs/core'
import MovieCatalogueService from '#services/catalogue/movie_catalogue_service'

@inject()
export default class GenresController {
  constructor(protected catalogue: MovieCatalogueService) {}

  async index() {
    return { data: await this.catalogue.genres() }
  }
}
