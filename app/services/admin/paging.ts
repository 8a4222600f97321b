import type { HttpContext } from '@adonisjs/core/http'

export interface Paging {
  current: number
  last: number
  total: number
  prevUrl: string | null
  nextUrl: string | null
}

/** Prev/next links of a paginated admin page, keeping the other query params. */
export function paging(ctx: HttpContext, current: number, last: number, total: number): Paging {
  const link = (page: number) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(ctx.request.qs())) {
      if (key !== 'page' && typeof value === 'string' && value !== '') params.set(key, value)
    }
    params.set('page', String(page))
    return `${ctx.request.url()}?${params.toString()}`
  }
  const lastPage = Math.max(1, last)
  return {
    current,
    last: lastPage,
    total,
    prevUrl: current > 1 ? link(current - 1) : null,
    nextUrl: current < lastPage ? link(current + 1) : null,
  }
}
