export interface PaginationMeta {
  total: number
  per_page: number
  current_page: number
  last_page: number
  first_page: number
  first_page_url: string
  last_page_url: string
  next_page_url: string | null
  previous_page_url: string | null
}

export interface Page<T> {
  data: T[]
  meta: PaginationMeta
}

export interface PageRequest {
  page: number
  perPage: number
}

export function pageRequest(input: { page?: number; per_page?: number }): PageRequest {
  return { page: input.page ?? 1, perPage: input.per_page ?? 20 }
}

/**
 * The contract's pagination meta. Page URLs keep the caller's other query
 * parameters so a client can follow them as they are.
 */
export function paginationMeta(
  total: number,
  { page, perPage }: PageRequest,
  path: string,
  query: Record<string, unknown> = {}
): PaginationMeta {
  const lastPage = Math.max(1, Math.ceil(total / perPage))
  const url = (target: number) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) {
      if (key === 'page' || key === 'per_page' || value === undefined || value === null) continue
      params.set(key, String(value))
    }
    params.set('page', String(target))
    params.set('per_page', String(perPage))
    return `${path}?${params.toString()}`
  }
  return {
    total,
    per_page: perPage,
    current_page: page,
    last_page: lastPage,
    first_page: 1,
    first_page_url: url(1),
    last_page_url: url(lastPage),
    next_page_url: page < lastPage ? url(page + 1) : null,
    previous_page_url: page > 1 ? url(Math.min(page - 1, lastPage)) : null,
  }
}
