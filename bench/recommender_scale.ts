/*
|--------------------------------------------------------------------------
| Bench: recommender training and scoring at MovieLens-25M size
|--------------------------------------------------------------------------
|
| Generates a deterministic synthetic data set with the shape of ML-25M
| (bench/support/synthetic_movielens.ts: 162,541 users, 62,423 movies, 25M
| ratings, power-law popularity, latent-factor taste), trains the bundle the
| nightly job would train for that size (planForSize: no EASE, no ALS,
| recent-history co-occurrences), then scores for_you top-10 and predicted
| ratings for sampled users in-process, on the trained bundle, as serving
| does after reading a user's state.
|
| Nothing touches PostgreSQL or Redis: it measures the model, not the
| import (25M rows through the API or movielens:import is its own job).
| Run it alone on a quiet machine, at low priority:
|
|   export PATH=$PWD/node_modules/.bin:$PATH
|   nice -n 19 node --max-old-space-size=3500 --import=@poppinss/ts-exec bench/recommender_scale.ts
|   nice -n 19 node --import=@poppinss/ts-exec bench/recommender_scale.ts --scale 0.1   # 10 % of users and ratings
|
| Options: --scale (1: users and ratings of ML-25M times this, movies
| stay 62,423), --users/--items/--ratings to set the shape directly,
| --sample users scored (1000), --seed, --bundle FILE (train once, save there;
| later runs with the same shape score that bundle), --slowest. Prints a table and a JSON line;
| "peak RSS" is the process high-water mark (generation + training +
| scoring; the synthetic data itself is ~0.5 GB of it at full size).
*/

import { generateSynthetic, ML25M_SHAPE } from './support/synthetic_movielens.ts'
import { resolveConfig, planForSize } from '#services/recommender/config'
import { trainBundle, type Stage } from '#services/recommender/trainer'
import { ratingsOfUser, userOffsets } from '#services/recommender/dataset'
import { bundleBytes, deserializeBundle, serializeBundle } from '#services/recommender/bundle'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { Ranker } from '#services/recommender/ranker'
import { profileOf } from '#services/recommender/evaluation'
import { seededRandom } from '#services/recommender/linalg'
import { arg } from './support/cli.ts'

const scale = Number(arg('scale', '1'))
const shape = {
  users: Number(arg('users', String(Math.round(ML25M_SHAPE.users * scale)))),
  items: Number(arg('items', String(ML25M_SHAPE.items))),
  ratings: Number(arg('ratings', String(Math.round(ML25M_SHAPE.ratings * scale)))),
}
const sample = Number(arg('sample', '1000'))
const seed = Number(arg('seed', '25'))

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const peakRss = () => process.resourceUsage().maxRSS * 1024
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

let started = performance.now()
const data = generateSynthetic({ ...shape, seed })
const generationMs = performance.now() - started
const rssAfterData = process.memoryUsage().rss
console.log(
  `generated ${data.ratingValue.length.toLocaleString('en-US')} ratings, ${data.userIds.length.toLocaleString('en-US')} users, ` +
    `${data.itemIds.length.toLocaleString('en-US')} movies in ${seconds(generationMs)} (RSS ${mb(rssAfterData)})`
)

const config = planForSize(resolveConfig(), { users: data.userIds.length, items: data.itemIds.length, ratings: data.ratingValue.length })
console.log(`plan: engine ${config.engine}; ${config.plan?.join('; ') || 'as configured'}`)

const stageMs = new Map<Stage, number>()
let current: Stage | null = null
let stageStart = performance.now()
started = performance.now()
// --bundle FILE: reuse a bundle trained earlier on the same shape and seed (serving-only runs).
const bundleFile = arg('bundle', '')
const cpuBefore = process.cpuUsage()
const bundle = bundleFile && existsSync(bundleFile) ? deserializeBundle(readFileSync(bundleFile)) : trainBundle(data, config, (stage) => {
  if (stage === current) return
  const now = performance.now()
  if (current) stageMs.set(current, now - stageStart)
  console.log(`  ${stage}… (RSS ${mb(process.memoryUsage().rss)})`)
  current = stage
  stageStart = now
})
if (current) stageMs.set(current, performance.now() - stageStart)
const trainingMs = performance.now() - started
// CPU time as well as wall time: on a shared, loaded machine the wall clock mostly measures the neighbours.
const cpu = process.cpuUsage(cpuBefore)
const trainingCpuMs = (cpu.user + cpu.system) / 1000
const peakAfterTraining = peakRss()
started = performance.now()
const serialized = serializeBundle(bundle)
const serializeMs = performance.now() - started
if (bundleFile && !existsSync(bundleFile)) writeFileSync(bundleFile, serialized)
const artifactBytes = serialized.byteLength

// Serving: for_you top-10 and 10 predicted ratings for sampled users, from their ratings.
const ranker = new Ranker(bundle)
const offsets = userOffsets(data)
const random = seededRandom(seed + 1)
const times: number[] = []
const cpuTimes: number[] = []
const sizes: number[] = []
const predictTimes: number[] = []
for (let s = 0; s < sample; s++) {
  const u = Math.floor(random() * data.userIds.length)
  const ratings = ratingsOfUser(data, offsets, u)
  const profile = profileOf(ratings, Date.now())
  const cpuStart = process.cpuUsage()
  let before = performance.now()
  const list = ranker.forYou(profile, 10)
  times.push(performance.now() - before)
  const used = process.cpuUsage(cpuStart)
  cpuTimes.push((used.user + used.system) / 1000)
  sizes.push(ratings.length)
  if (list.length !== 10) throw new Error(`user ${u}: ${list.length} recommendations`)
  before = performance.now()
  for (const candidate of list) ranker.predict(ratings, candidate.item)
  predictTimes.push(performance.now() - before)
}
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

if (process.argv.includes('--slowest')) {
  const slowest = times.map((ms, k) => [ms, sizes[k]]).sort((a, b) => b[0] - a[0]).slice(0, 10)
  console.log('slowest for_you (ms, ratings of the user):', slowest.map(([ms, size]) => `${ms.toFixed(1)}/${size}`).join(' '))
}

const rows: [string, string][] = [
  ['shape', `${data.userIds.length} users × ${data.itemIds.length} movies, ${data.ratingValue.length} ratings`],
  ['engine (planForSize)', `${bundle.meta.engine}; ${config.plan?.join('; ') || 'as configured'}`],
  ['generation', seconds(generationMs)],
  ['training (trainBundle)', `${seconds(trainingMs)} wall, ${seconds(trainingCpuMs)} CPU`],
  ...[...stageMs].map(([stage, ms]): [string, string] => [`  ${stage}`, seconds(ms)]),
  ['serialise', `${seconds(serializeMs)}, artifact ${mb(artifactBytes)}, in memory ${mb(bundleBytes(bundle))}`],
  ['RSS after generating the data', mb(rssAfterData)],
  ['peak RSS (generation + training)', mb(peakAfterTraining)],
  ['peak RSS (all)', mb(peakRss())],
  [`for_you top-10, ${sample} users`, `p50 ${quantile(times, 0.5).toFixed(2)} ms, p99 ${quantile(times, 0.99).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`],
  ['  same, CPU time per call', `p50 ${quantile(cpuTimes, 0.5).toFixed(2)} ms, p99 ${quantile(cpuTimes, 0.99).toFixed(2)} ms`],
  ['load average during the run', os.loadavg().map((value) => value.toFixed(1)).join(' ')],
  ['10 predicted ratings', `p50 ${quantile(predictTimes, 0.5).toFixed(2)} ms, p99 ${quantile(predictTimes, 0.99).toFixed(2)} ms`],
]
for (const [name, value] of rows) console.log(`${name.padEnd(36)} ${value}`)
console.log(
  JSON.stringify({
    shape,
    engine: bundle.meta.engine,
    plan: config.plan,
    generationMs: Math.round(generationMs),
    trainingMs: Math.round(trainingMs),
    trainingCpuMs: Math.round(trainingCpuMs),
    forYouCpuMs: { p50: quantile(cpuTimes, 0.5), p99: quantile(cpuTimes, 0.99) },
    loadAverage: os.loadavg(),
    stageMs: Object.fromEntries([...stageMs].map(([stage, ms]) => [stage, Math.round(ms)])),
    artifactBytes,
    peakRssBytes: peakRss(),
    forYouMs: { p50: quantile(times, 0.5), p99: quantile(times, 0.99) },
    predictMs: { p50: quantile(predictTimes, 0.5), p99: quantile(predictTimes, 0.99) },
  })
)
