import cache from '@adonisjs/cache/services/main'
import type { LucidModel, LucidRow, ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { visibilityClass, type Viewer } from '#services/http/viewer'

/**
 * Paging and caching shared by the movie and series catalogues: one page
 * of a visible-to-the-viewer query, counted with the same filters, cached
 * under a tag and keyed by the viewer's maturity class (viewers of one class
 * see the same titles; per-user fields are added by the caller).
 */
export interface CataloguePageRequest {
  filters: object
  sort: string
  page: PageRequest
  /** Route path and raw query, for the page URLs of `meta`. */
  path: string
  query: Record<string, unknown>
}

export async function cachedCataloguePage<Query extends ModelQueryBuilderContract<LucidModel, LucidRow>, Item>(
  options: {
    /** Cache namespace and list name, e.g. `list` + `popular`. */
    key: [string, string]
    tag: string
    request: CataloguePageRequest
    viewer: Viewer
    table: string
    /** A fresh query, already limited to what the viewer may see. */
    newQuery: () => Query
    /** Adds filters and order. Must not return the builder: awaiting a thenable would run it. */
    build: (query: Query) => void | Promise<void>
    /** Loads relations on the page query and turns its rows into items. */
    load: (pageQuery: Query) => Promise<Item[]>
  }
): Promise<Page<Item>> {
  const { request } = options
  const key = [
    ...options.key,
    visibilityClass(options.viewer),
    stableQueryKey({ ...request.filters, sort: request.sort }),
    request.page.page,
    request.page.perPage,
  ].join(':')

  const cached = await cache.getOrSet({
    key,
    tags: [options.tag],
    factory: async () => {
      const base = options.newQuery()
      await options.build(base)
      const [countRow] = await base.clone().clearOrder().clearSelect().count('* as total')
      const page = base
        .clone()
        .select(`${options.table}.*`)
        .offset((request.page.page - 1) * request.page.perPage)
        .limit(request.page.perPage) as Query
      return { total: Number(countRow.$extras.total), data: await options.load(page) }
    },
  })

  return {
    data: cached.data,
    meta: paginationMeta(cached.total, request.page, request.path, request.query),
  }
}

/** Escapes LIKE wildcards in user input. */
export function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`)
}

/** The same filters in any order give the same cache key. */
export function stableQueryKey(values: Record<string, unknown>) {
  return JSON.stringify(
    Object.keys(values)
      .sort()
      .filter((key) => values[key] !== undefined)
      .map((key) => [key, values[key]])
  )
}
