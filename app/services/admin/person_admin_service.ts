import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import Person from '#models/person'
import type User from '#models/user'
import AuditLogService from '#services/admin/audit_log_service'
import PersonService from '#services/people/person_service'

/** One line of a person's filmography as moderators see it: hidden and adult movies included. */
export interface AdminCredit {
  movieId: number
  title: string
  year: number | null
  isHidden: boolean
  adult: boolean
  role: 'cast' | 'crew'
  /** The character (cast) or the job (crew). */
  part: string | null
  department: string | null
}

export class PersonActionError extends Error {}

/** People as moderators manage them in the admin panel: their page, filmography and TMDB re-sync. */
@inject()
export default class PersonAdminService {
  constructor(
    protected people: PersonService,
    protected auditLog: AuditLogService
  ) {}

  find(id: number) {
    return Person.findOrFail(id)
  }

  /** Every credit of the person, newest movie first (undated last). */
  async filmography(personId: number): Promise<AdminCredit[]> {
    const columns = ['movies.id AS movie_id', 'movies.title', 'movies.year', 'movies.is_hidden', 'movies.adult', 'movies.release_date']
    const rows: {
      movie_id: number
      title: string
      year: number | null
      is_hidden: boolean
      adult: boolean
      role: 'cast' | 'crew'
      part: string | null
      department: string | null
    }[] = await db
      .from(
        db
          .from('movie_cast')
          .join('movies', 'movies.id', 'movie_cast.movie_id')
          .where('movie_cast.person_id', personId)
          .select(...columns, db.raw("'cast'::text AS role"), db.raw('movie_cast.character::text AS part'), db.raw("'Acting'::text AS department"))
          .unionAll(
            db
              .from('movie_crew')
              .join('movies', 'movies.id', 'movie_crew.movie_id')
              .where('movie_crew.person_id', personId)
              .select(...columns, db.raw("'crew'::text AS role"), db.raw('movie_crew.job::text AS part'), db.raw('movie_crew.department::text AS department'))
          )
          .as('credits')
      )
      .select('*')
      .orderByRaw('release_date DESC NULLS LAST')
      .orderBy('movie_id', 'asc')
      .orderBy('role', 'asc')
      .orderBy('part', 'asc')
    return rows.map((row) => ({
      movieId: row.movie_id,
      title: row.title,
      year: row.year,
      isHidden: row.is_hidden,
      adult: row.adult,
      role: row.role,
      part: row.part,
      department: row.department,
    }))
  }

  /** Queues the person's TMDB sync (deduplicated) and writes the audit log; returns the job id. */
  async resync(actor: User, id: number, ip: string | null): Promise<string> {
    const person = await Person.findOrFail(id)
    const jobId = await this.people.queueSync(person)
    if (jobId === null) throw new PersonActionError('This person has no TMDB id: there is nothing to sync from')
    await this.auditLog.record(
      actor,
      { action: 'person.resync', targetType: 'person', targetId: person.id, details: { job_id: jobId, tmdb_id: person.tmdbId } },
      ip
    )
    return jobId
  }
}
