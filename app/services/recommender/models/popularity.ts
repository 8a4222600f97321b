import { LIKED_THRESHOLD, type TrainingData } from '#services/recommender/dataset'
import { csrFromCoo, type Csr } from '#services/recommender/sparse'

export interface PopularityOptions {
  /** Prior weight m of the Bayesian average (v·R + m·C)/(v + m). */
  priorVotes: number
  /** How much the Bayesian average (vs. the number of likes) orders the list. */
  qualityExponent: number
}

export interface PopularityModel {
  /** 0–1: likes (log scale) times the Bayesian average rating, max-normalised. */
  score: Float32Array
  /** Bayesian average rating, 0.5–5 (the global mean for unrated titles). */
  bayesianRating: Float32Array
  ratingCount: Int32Array
  likeCount: Int32Array
  /** Row i: likes of item i per 30-day period (column = period since the epoch): what is trending when. */
  history: Csr
}

/** Length of a trending period. */
export const PERIOD_MS = 30 * 24 * 3600 * 1000

/**
 * Global popularity with a Bayesian rating prior: a title needs many likes
 * and a good shrunk average to rank high, so two 5-star ratings do not beat
 * thousands of 4s. Titles nobody rated get a tiny score from TMDB's
 * popularity so fallback lists still order them sensibly.
 */
export function trainPopularity(data: TrainingData, options: PopularityOptions): PopularityModel {
  const n = data.itemIds.length
  const ratingCount = new Int32Array(n)
  const likeCount = new Int32Array(n)
  const sum = new Float64Array(n)
  let total = 0
  for (let k = 0; k < data.ratingItem.length; k++) {
    const i = data.ratingItem[k]
    ratingCount[i]++
    sum[i] += data.ratingValue[k]
    total += data.ratingValue[k]
    if (data.ratingValue[k] >= LIKED_THRESHOLD) likeCount[i]++
  }
  const globalMean = data.ratingItem.length ? total / data.ratingItem.length : 3.5
  const bayesianRating = new Float32Array(n)
  const raw = new Float64Array(n)
  let maxRaw = 0
  let maxTmdb = 0
  for (let i = 0; i < n; i++) maxTmdb = Math.max(maxTmdb, data.tmdbPopularity[i])
  for (let i = 0; i < n; i++) {
    const bayes = (sum[i] + options.priorVotes * globalMean) / (ratingCount[i] + options.priorVotes)
    bayesianRating[i] = bayes
    raw[i] = Math.log1p(likeCount[i]) * Math.pow(bayes / 5, options.qualityExponent)
    maxRaw = Math.max(maxRaw, raw[i])
  }
  const score = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const tmdb = maxTmdb > 0 ? data.tmdbPopularity[i] / maxTmdb : 0
    score[i] = maxRaw > 0 ? 0.98 * (raw[i] / maxRaw) + 0.02 * tmdb : tmdb
  }
  const rows: number[] = []
  const periods: number[] = []
  let lastPeriod = 0
  for (let k = 0; k < data.ratingItem.length; k++) {
    if (data.ratingValue[k] < LIKED_THRESHOLD) continue
    const period = Math.max(0, Math.floor(data.ratingTime[k] / PERIOD_MS))
    rows.push(data.ratingItem[k])
    periods.push(period)
    lastPeriod = Math.max(lastPeriod, period)
  }
  const history = csrFromCoo(n, lastPeriod + 1, rows, periods, rows.map(() => 1))
  return { score, bayesianRating, ratingCount, likeCount, history }
}
