import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import Person from '#models/person'
import { MOVIES } from '#models/movie'
import { applyVisibility } from '#models/catalogue_scopes'
import SyncPersonJob from '#jobs/sync_person_job'
import { CATALOGUE_TAG } from '#services/catalogue/catalogue_cache'
import { escapeLike, stableQueryKey } from '#services/catalogue/catalogue_pages'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { PEOPLE_TAG, personTag } from '#services/people/people_cache'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { visibilityClass, type Viewer } from '#services/http/viewer'
import PersonTransformer, {
  type PersonCredit,
  type PersonDetail,
  type PersonSearchItem,
} from '#transformers/person_transformer'
import type { PersonCreditSort } from '#validators/people'

/** How many movies `known_for` shows. */
export const KNOWN_FOR_LIMIT = 8

export interface CreditsRequest {
  role?: 'cast' | 'crew'
  department?: string
  sort: PersonCreditSort
  page: PageRequest
  /** Route path and raw query, for the page URLs of `meta`. */
  path: string
  query: Record<string, unknown>
}

export interface PageLinks {
  page: PageRequest
  path: string
  query: Record<string, unknown>
}

interface CreditHit {
  movie_id: number
  role: 'cast' | 'crew'
  character: string | null
  job: string | null
  department: string | null
}

/** A person's page as cached for a visibility class, with whether TMDB's page is still to be fetched. */
interface CachedShow {
  detail: PersonDetail
  pendingSyncTmdbId: number | null
}

/**
 * People and their filmographies (API.md, "People and filmographies").
 * Bodies are shared by every viewer of a visibility class and cached under
 * the person's tag (dropped by the person sync) and the catalogue tag (the
 * embedded movie summaries move with ratings and movie syncs); the caller
 * adds per-user fields on top.
 */
export default class PersonService {
  /**
   * The person's page, or null for an id no person has. A person the
   * credits brought in but whose TMDB page was never fetched is answered
   * with what is known, and its sync is queued (deduplicated by job id).
   */
  async show(personId: number, viewer: Viewer): Promise<PersonDetail | null> {
    const cached = await cache.getOrSet({
      key: ['person', personId, visibilityClass(viewer)].join(':'),
      tags: [CATALOGUE_TAG, personTag(personId)],
      // An unknown id is not cached: a person created later (by a series sync, say) answers at once.
      factory: async (ctx) => (await this.loadShow(personId, viewer)) ?? ctx.skip(),
    })
    if (!cached) return null
    if (cached.pendingSyncTmdbId !== null) await SyncPersonJob.dispatch({ tmdbId: cached.pendingSyncTmdbId })
    return cached.detail
  }

  /** Queues the person's TMDB sync (admin "re-sync"); null when the person has no TMDB id. */
  async queueSync(person: Person): Promise<string | null> {
    if (person.tmdbId === null) return null
    const job = await SyncPersonJob.dispatch({ tmdbId: person.tmdbId })
    return job.id ?? null
  }

  /** A page of the person's credits in movies the viewer may see, or null for an unknown person. */
  async credits(personId: number, request: CreditsRequest, viewer: Viewer): Promise<Page<PersonCredit> | null> {
    const key = [
      'person-credits',
      personId,
      visibilityClass(viewer),
      stableQueryKey({ role: request.role, department: request.department, sort: request.sort }),
      request.page.page,
      request.page.perPage,
    ].join(':')
    const cached = await cache.getOrSet({
      key,
      tags: [CATALOGUE_TAG, personTag(personId)],
      factory: async (ctx) => (await this.loadCredits(personId, request, viewer)) ?? ctx.skip(),
    })
    if (!cached) return null
    return { data: cached.data, meta: paginationMeta(cached.total, request.page, request.path, request.query) }
  }

  /** People by name match (exact, prefix, word prefix, then trigram similarity), then popularity. */
  async search(term: string, links: PageLinks): Promise<Page<PersonSearchItem>> {
    const q = term.toLowerCase()
    const cached = await cache.getOrSet({
      key: ['person-search', q, links.page.page, links.page.perPage].join(':'),
      tags: [CATALOGUE_TAG, PEOPLE_TAG],
      factory: async () => {
        const matching = () =>
          Person.query().where((sub) =>
            sub.whereRaw('lower(people.name) LIKE ?', [`%${escapeLike(q)}%`]).orWhereRaw('? <% lower(people.name)', [q])
          )
        const [countRow] = await matching().count('* as total')
        const people = await matching()
          .select('people.*')
          .orderByRaw(
            `CASE WHEN lower(people.name) = ? THEN 4
                  WHEN lower(people.name) LIKE ? THEN 3
                  WHEN lower(people.name) LIKE ? THEN 2
                  ELSE word_similarity(?, lower(people.name)) END DESC`,
            [q, `${escapeLike(q)}%`, `% ${escapeLike(q)}%`, q]
          )
          .orderBy('people.popularity', 'desc')
          .orderBy('people.id', 'asc')
          .offset((links.page.page - 1) * links.page.perPage)
          .limit(links.page.perPage)
        return { total: Number(countRow.$extras.total), data: people.map((person) => PersonTransformer.searchItem(person)) }
      },
    })
    return { data: cached.data, meta: paginationMeta(cached.total, links.page, links.path, links.query) }
  }

  private async loadShow(personId: number, viewer: Viewer): Promise<CachedShow | null> {
    const person = await Person.find(personId)
    if (!person) return null
    const hits: { movie_id: number }[] = await db
      .from(creditsOf(personId, {}, viewer).as('credits'))
      .select('movie_id')
      .groupBy('movie_id')
      .orderByRaw('max(popularity) DESC')
      .orderBy('movie_id', 'asc')
      .limit(KNOWN_FOR_LIMIT)
    const summaries = await movieSummaries(
      hits.map((hit) => hit.movie_id),
      null
    )
    const knownFor = hits.map((hit) => summaries.get(hit.movie_id)!).filter(Boolean)
    const pending = person.detailsSyncedAt === null && person.tmdbId !== null && person.tmdbStatus !== 'not_found'
    return { detail: PersonTransformer.detail(person, knownFor), pendingSyncTmdbId: pending ? person.tmdbId : null }
  }

  private async loadCredits(personId: number, request: CreditsRequest, viewer: Viewer) {
    const person = await Person.find(personId)
    if (!person) return null
    const credits = () => db.from(creditsOf(personId, request, viewer).as('credits'))
    const [countRow] = await credits().count('* as total')
    const query = credits().select('movie_id', 'role', 'character', 'job', 'department')
    if (request.sort === '-popularity') {
      query.orderBy('popularity', 'desc').orderByRaw('release_date DESC NULLS LAST')
    } else {
      query.orderByRaw(`release_date ${request.sort === 'release_date' ? 'ASC' : 'DESC'} NULLS LAST`)
    }
    const hits = (await query
      .orderBy('movie_id', 'asc')
      .orderBy('role', 'asc')
      .orderBy('billing', 'asc')
      .orderByRaw('coalesce(character, job) ASC')
      .offset((request.page.page - 1) * request.page.perPage)
      .limit(request.page.perPage)) as CreditHit[]
    const summaries = await movieSummaries(
      hits.map((hit) => hit.movie_id),
      null
    )
    return {
      total: Number(countRow.total),
      data: hits
        .filter((hit) => summaries.has(hit.movie_id))
        .map((hit) => PersonTransformer.credit(summaries.get(hit.movie_id)!, hit)),
    }
  }
}

/**
 * The person's cast and crew credits in movies `viewer` may see, one row a
 * credit: `movie_id, role, character, job, department, billing` (cast
 * order; 0 for crew) and the movie's `release_date` and `popularity` to
 * sort by. Cast credits count as the "Acting" department.
 */
function creditsOf(
  personId: number,
  filters: { role?: 'cast' | 'crew'; department?: string },
  viewer: Viewer
): DatabaseQueryBuilderContract {
  const movieColumns = ['movies.release_date', 'movies.popularity'] as const
  const cast = db
    .from('movie_cast')
    .join('movies', 'movies.id', 'movie_cast.movie_id')
    .where('movie_cast.person_id', personId)
    .select(
      'movie_cast.movie_id',
      db.raw("'cast'::text AS role"),
      db.raw('movie_cast.character::text AS character'),
      db.raw('NULL::text AS job'),
      db.raw("'Acting'::text AS department"),
      'movie_cast.order AS billing',
      ...movieColumns
    )
  const crew = db
    .from('movie_crew')
    .join('movies', 'movies.id', 'movie_crew.movie_id')
    .where('movie_crew.person_id', personId)
    .select(
      'movie_crew.movie_id',
      db.raw("'crew'::text AS role"),
      db.raw('NULL::text AS character'),
      db.raw('movie_crew.job::text AS job'),
      db.raw('movie_crew.department::text AS department'),
      db.raw('0 AS billing'),
      ...movieColumns
    )
  for (const part of [cast, crew]) applyVisibility(part, MOVIES, viewer)
  if (filters.department) crew.where('movie_crew.department', filters.department)

  const wantsCast = filters.role !== 'crew' && (!filters.department || filters.department === 'Acting')
  const wantsCrew = filters.role !== 'cast'
  if (wantsCast && wantsCrew) return cast.unionAll(crew)
  if (wantsCrew) return crew
  if (wantsCast) return cast
  // role=cast with a crew department: nothing can match.
  return cast.whereRaw('false')
}
