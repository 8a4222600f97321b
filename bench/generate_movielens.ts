/*
|--------------------------------------------------------------------------
| Synthetic MovieLens-format data set (deterministic)
|--------------------------------------------------------------------------
|
| Writes movies.csv, links.csv, ratings.csv and tags.csv in the format of
| ml-latest(-small), for growth benchmarks (issue 13) and the full-size
| shape of issue 18, without any licensed data:
|
|   node bench/generate_movielens.ts --out tmp/ml-10x --users 6100 --movies 100000 --ratings 1000000
|   node ace movielens:import tmp/ml-10x --bulk
|
| Shapes: ml-latest-small ≈ --users 610 --movies 9742 --ratings 100836;
| 10× ≈ 6,100 / 100,000 / 1,000,000; ml-25m ≈ 162,541 / 62,423 / 25,000,095.
|
| - Popularity is a power law: the movie of popularity rank r is picked with
|   weight 1/(r+1)^--alpha (default 1.0), so a few titles have thousands of
|   ratings and the long tail a handful, as in MovieLens.
| - Activity is a power law too: every user rates at least --min-per-user
|   (20, as MovieLens), a few rate thousands.
| - Ratings come from a small latent-factor model (user and movie biases,
|   8 factors, noise), rounded to half stars: there is taste to learn.
| - Same flags, same seed → byte-identical files. Written as streams, so
|   25M ratings need little memory beyond the per-user set of rated ids.
| - Movie ids are 1..movies, user ids 1..users, imdb/tmdb ids left empty
|   (nothing to enrich from TMDB); timestamps between 1996 and 2024.
*/
import { createWriteStream, mkdirSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import type { Writable } from 'node:stream'

const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index > 0 ? process.argv[index + 1] : fallback
}
const out = arg('out', 'tmp/ml-synthetic')
const users = Number(arg('users', '6100'))
const movies = Number(arg('movies', '100000'))
const totalRatings = Number(arg('ratings', '1000000'))
const tagsPerHundred = Number(arg('tags-per-100-ratings', '3.6'))
const alpha = Number(arg('alpha', '1.0'))
const minPerUser = Number(arg('min-per-user', '20'))
const seed = Number(arg('seed', '13'))
const FACTORS = 8
const GENRES = ['Action', 'Adventure', 'Animation', 'Children', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'IMAX', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western']
const TAGS = ['funny', 'atmospheric', 'thought-provoking', 'twist ending', 'visually appealing', 'dark comedy',
  'classic', 'based on a book', 'slow', 'great soundtrack', 'quirky', 'violent', 'romantic', 'predictable']
const WORDS = ['Silent', 'Red', 'Last', 'Night', 'River', 'City', 'Dream', 'Storm', 'Glass', 'Empire', 'Winter',
  'Shadow', 'Garden', 'Echo', 'Iron', 'Paper', 'Moon', 'Road', 'Secret', 'Blue', 'Fire', 'House', 'Star', 'Wild']

if (minPerUser * users > totalRatings) throw new Error('--ratings must be at least --users × --min-per-user')
if (totalRatings > users * movies * 0.5) throw new Error('too many ratings for users × movies')

/** Mulberry32: small, fast, deterministic. */
function prng(state: number) {
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rand = prng(seed)
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())

/** Writes with back-pressure, so 25M lines do not pile up in memory. */
async function write(stream: Writable, line: string) {
  if (!stream.write(line)) await once(stream, 'drain')
}
function open(name: string, header: string) {
  const stream = createWriteStream(join(out, name))
  stream.write(`${header}\n`)
  return stream
}
const close = (stream: Writable) => new Promise((resolve) => stream.end(resolve))
const csv = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

mkdirSync(out, { recursive: true })
const started = Date.now()

// Movies: biases, factors, and a popularity rank (a random permutation, so ids are not ranks).
const movieBias = new Float32Array(movies)
const movieFactors = new Float32Array(movies * FACTORS)
const byRank = new Int32Array(movies)
for (let i = 0; i < movies; i++) byRank[i] = i
for (let i = movies - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1))
  ;[byRank[i], byRank[j]] = [byRank[j], byRank[i]]
}
// Cumulative Zipf weights over ranks, for picking a movie by binary search.
const cumulative = new Float64Array(movies)
let acc = 0
for (let r = 0; r < movies; r++) cumulative[r] = acc += 1 / Math.pow(r + 1, alpha)
const pickMovie = () => {
  const x = rand() * acc
  let lo = 0
  let hi = movies - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cumulative[mid] < x) lo = mid + 1
    else hi = mid
  }
  return byRank[lo]
}

const moviesCsv = open('movies.csv', 'movieId,title,genres')
const linksCsv = open('links.csv', 'movieId,imdbId,tmdbId')
for (let m = 0; m < movies; m++) {
  movieBias[m] = gauss() * 0.45
  for (let f = 0; f < FACTORS; f++) movieFactors[m * FACTORS + f] = gauss() * 0.35
  const year = 1920 + Math.floor(Math.pow(rand(), 0.5) * 104)
  const words = 1 + Math.floor(rand() * 3)
  const title = Array.from({ length: words }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ')
  const genres = new Set<string>()
  const count = 1 + Math.floor(rand() * 3)
  while (genres.size < count) genres.add(GENRES[Math.floor(Math.pow(rand(), 1.5) * GENRES.length)])
  await write(moviesCsv, `${m + 1},${csv(`${title} ${m + 1} (${year})`)},${[...genres].join('|')}\n`)
  await write(linksCsv, `${m + 1},,\n`)
}
await Promise.all([close(moviesCsv), close(linksCsv)])

// Users: how many ratings each (a power law over the remainder above the minimum).
const activity = new Float64Array(users)
let activitySum = 0
for (let u = 0; u < users; u++) activitySum += activity[u] = Math.pow(1 - rand(), -1 / 1.2) - 1
const extra = totalRatings - users * minPerUser
const perUser = new Int32Array(users)
let assigned = 0
for (let u = 0; u < users; u++) {
  perUser[u] = Math.min(movies >> 1, minPerUser + Math.floor((activity[u] / activitySum) * extra))
  assigned += perUser[u]
}
// Rounding leftovers go to the first users, one each, round-robin.
for (let u = 0; assigned < totalRatings; u = (u + 1) % users) {
  if (perUser[u] < movies >> 1) {
    perUser[u]++
    assigned++
  }
}

const ratingsCsv = open('ratings.csv', 'userId,movieId,rating,timestamp')
const tagsCsv = open('tags.csv', 'userId,movieId,tag,timestamp')
const userFactors = new Float32Array(FACTORS)
let ratings = 0
let tags = 0
const FIRST = Date.UTC(1996, 0, 1) / 1000
const SPAN = Date.UTC(2024, 0, 1) / 1000 - FIRST
for (let u = 0; u < users; u++) {
  const bias = gauss() * 0.4
  for (let f = 0; f < FACTORS; f++) userFactors[f] = gauss() * 0.35
  const start = FIRST + Math.floor(rand() * SPAN * 0.9)
  const rated = new Set<number>()
  // Heavy users exhaust the head: past many misses, take any unrated movie.
  let misses = 0
  const lines: string[] = []
  while (rated.size < perUser[u]) {
    let m = pickMovie()
    if (rated.has(m)) {
      if (++misses < 50) continue
      m = Math.floor(rand() * movies)
      if (rated.has(m)) continue
    }
    misses = 0
    rated.add(m)
    let dot = 0
    for (let f = 0; f < FACTORS; f++) dot += userFactors[f] * movieFactors[m * FACTORS + f]
    const raw = 3.5 + bias + movieBias[m] + dot * 2 + gauss() * 0.6
    const rating = Math.min(5, Math.max(0.5, Math.round(raw * 2) / 2))
    const time = start + Math.floor(rand() * Math.min(SPAN * 0.1, 3e7))
    lines.push(`${u + 1},${m + 1},${rating.toFixed(1)},${time}\n`)
    if (rand() * 100 < tagsPerHundred) {
      await write(tagsCsv, `${u + 1},${m + 1},${TAGS[Math.floor(rand() * TAGS.length)]},${time}\n`)
      tags++
    }
  }
  // MovieLens orders a user's lines by movie id.
  lines.sort((a, b) => Number(a.split(',')[1]) - Number(b.split(',')[1]))
  for (const line of lines) await write(ratingsCsv, line)
  ratings += lines.length
}
await Promise.all([close(ratingsCsv), close(tagsCsv)])

const seconds = ((Date.now() - started) / 1000).toFixed(1)
console.log(`${out}: ${users} users, ${movies} movies, ${ratings} ratings, ${tags} tags (seed ${seed}, ${seconds} s)`)
