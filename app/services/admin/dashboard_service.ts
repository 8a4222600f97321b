import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Movie from '#models/movie'
import Rating from '#models/rating'
import Report from '#models/report'
import RecommenderModel from '#models/recommender_model'
import QueueAdminService, { type QueueCounts } from '#services/admin/queue_admin_service'
import { operationalReasons, type HealthReason } from '#services/health/operational_checks'

export interface DayCount {
  day: string
  count: number
}

export interface SignupChart {
  width: number
  height: number
  bars: { x: number; y: number; width: number; height: number; day: string; count: number }[]
  max: number
  total: number
}

export interface Dashboard {
  counts: { users: number; movies: number; ratings: number; reviews: number; openReports: number }
  signups: SignupChart
  queues: QueueCounts[]
  training: RecommenderModel | null
  evaluation: [string, string][]
  /** Why /health says degraded (failing queues, stale model, stalled workers); empty when working. */
  healthReasons: HealthReason[]
}

const CHART_DAYS = 30

async function count(query: { count: (c: string, alias: string) => unknown }): Promise<number> {
  const rows = (await (query.count('*', 'total') as Promise<{ $extras: { total: string } }[]>))
  return Number(rows[0]?.$extras.total ?? 0)
}

/** Figures of the admin dashboard. */
@inject()
export default class DashboardService {
  constructor(protected queueAdmin: QueueAdminService) {}

  async build(): Promise<Dashboard> {
    const [users, movies, ratings, reviews, openReports, signups, queues, training, healthReasons] = await Promise.all([
      count(User.query().withScopes((scopes) => scopes.realAccounts())),
      count(Movie.query()),
      count(Rating.query()),
      count(Rating.query().whereNotNull('review')),
      count(Report.query().where('status', 'open')),
      this.signupsPerDay(),
      this.queueAdmin.counts(),
      RecommenderModel.query().orderBy('created_at', 'desc').orderBy('id', 'desc').first(),
      operationalReasons(),
    ])
    return {
      counts: { users, movies, ratings, reviews, openReports },
      signups: this.chart(signups),
      queues,
      training,
      evaluation: this.evaluationFigures(training),
      healthReasons,
    }
  }

  /** Sign-ups of the last 30 days, one entry per day (zero days included). */
  async signupsPerDay(): Promise<DayCount[]> {
    const since = DateTime.utc().startOf('day').minus({ days: CHART_DAYS - 1 })
    const rows: { day: string; total: string }[] = await db
      .from('users')
      .where('is_placeholder', false)
      .where('created_at', '>=', since.toSQL()!)
      .select(db.raw(`to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') as day`))
      .count('* as total')
      .groupBy('day')
    const byDay = new Map(rows.map((row) => [row.day, Number(row.total)]))
    return Array.from({ length: CHART_DAYS }, (_, index) => {
      const day = since.plus({ days: index }).toISODate()!
      return { day, count: byDay.get(day) ?? 0 }
    })
  }

  /** Bar geometry for the inline SVG (rendered by the template, no JS). */
  chart(days: DayCount[]): SignupChart {
    const width = 600
    const height = 120
    const max = Math.max(1, ...days.map((d) => d.count))
    const slot = width / days.length
    const bars = days.map((d, index) => {
      const barHeight = Math.round((d.count / max) * (height - 10))
      return {
        x: Math.round(index * slot + 1),
        y: height - barHeight,
        width: Math.max(1, Math.round(slot - 2)),
        height: barHeight,
        day: d.day,
        count: d.count,
      }
    })
    return { width, height, bars, max, total: days.reduce((sum, d) => sum + d.count, 0) }
  }

  /** Evaluation figures the trainer stored in the model's config (if any). */
  evaluationFigures(model: RecommenderModel | null): [string, string][] {
    const evaluation = model?.config?.evaluation
    if (!evaluation || typeof evaluation !== 'object') return []
    return Object.entries(evaluation as Record<string, unknown>).map(([key, value]) => [
      key,
      typeof value === 'number' ? String(Math.round(value * 10000) / 10000) : JSON.stringify(value),
    ])
  }
}
