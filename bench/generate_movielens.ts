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
| The ratings are the ones bench/recommender_scale.ts trains on in memory
| (bench/support/synthetic_movielens.ts: power-law popularity and activity,
| latent-factor taste, half stars), here with exactly --ratings of them.
| Options: --alpha (1.05, the popularity exponent), --min-per-user (20, as
| MovieLens), --max-per-user (8000), --tags-per-100-ratings (3.6), --seed (13).
|
| - Same flags, same seed → byte-identical files. Written as streams, so
|   25M ratings need little memory beyond the model's vectors.
| - Movie ids are 1..movies, user ids 1..users, imdb/tmdb ids left empty
|   (nothing to enrich from TMDB); timestamps between 1996 and 2019; a user's
|   lines ordered by movie id, as in MovieLens.
*/
import { createWriteStream, mkdirSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import type { Writable } from 'node:stream'
// Relative, not #services: `node bench/generate_movielens.ts` runs without a loader for the aliases.
import { seededRandom } from '../app/services/recommender/linalg.ts'
import { arg } from './support/cli.ts'
import { GENRE_COUNT, syntheticMovieLens } from './support/synthetic_movielens.ts'

const out = arg('out', 'tmp/ml-synthetic')
const users = Number(arg('users', '6100'))
const movies = Number(arg('movies', '100000'))
const totalRatings = Number(arg('ratings', '1000000'))
const tagsPerHundred = Number(arg('tags-per-100-ratings', '3.6'))
const alpha = Number(arg('alpha', '1.05'))
const minPerUser = Number(arg('min-per-user', '20'))
const maxPerUser = Number(arg('max-per-user', '8000'))
const seed = Number(arg('seed', '13'))
// MovieLens's genres; the last stands alone (a movie with only it has no genre).
const GENRES = ['Action', 'Adventure', 'Animation', 'Children', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'IMAX', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
  '(no genres listed)']
const TAGS = ['funny', 'atmospheric', 'thought-provoking', 'twist ending', 'visually appealing', 'dark comedy',
  'classic', 'based on a book', 'slow', 'great soundtrack', 'quirky', 'violent', 'romantic', 'predictable']
const WORDS = ['Silent', 'Red', 'Last', 'Night', 'River', 'City', 'Dream', 'Storm', 'Glass', 'Empire', 'Winter',
  'Shadow', 'Garden', 'Echo', 'Iron', 'Paper', 'Moon', 'Road', 'Secret', 'Blue', 'Fire', 'House', 'Star', 'Wild']
if (GENRES.length !== GENRE_COUNT) throw new Error('one MovieLens genre name per synthetic genre')

const set = syntheticMovieLens({
  users,
  items: movies,
  ratings: totalRatings,
  seed,
  popularityExponent: alpha,
  minPerUser,
  maxPerUser,
  exactTotal: true,
})
// Titles, years and tags from their own stream, so they do not move the ratings.
const rand = seededRandom(seed ^ 0x5eed)

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

const moviesCsv = open('movies.csv', 'movieId,title,genres')
const linksCsv = open('links.csv', 'movieId,imdbId,tmdbId')
for (let m = 0; m < movies; m++) {
  const year = 1920 + Math.floor(Math.pow(rand(), 0.5) * 104)
  const words = 1 + Math.floor(rand() * 3)
  const title = Array.from({ length: words }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ')
  const known = set.itemGenres[m].filter((g) => g < GENRE_COUNT - 1)
  const genres = known.length ? known.map((g) => GENRES[g]).join('|') : GENRES[GENRE_COUNT - 1]
  await write(moviesCsv, `${m + 1},${csv(`${title} ${m + 1} (${year})`)},${genres}\n`)
  await write(linksCsv, `${m + 1},,\n`)
}
await Promise.all([close(moviesCsv), close(linksCsv)])

const ratingsCsv = open('ratings.csv', 'userId,movieId,rating,timestamp')
const tagsCsv = open('tags.csv', 'userId,movieId,tag,timestamp')
let ratings = 0
let tags = 0
for (const { user, items, values, times } of set.users()) {
  // MovieLens orders a user's lines by movie id.
  const order = items.map((_, k) => k).sort((a, b) => items[a] - items[b])
  for (const k of order) {
    const time = Math.floor(times[k] / 1000)
    await write(ratingsCsv, `${user + 1},${items[k] + 1},${values[k].toFixed(1)},${time}\n`)
    if (rand() * 100 < tagsPerHundred) {
      await write(tagsCsv, `${user + 1},${items[k] + 1},${TAGS[Math.floor(rand() * TAGS.length)]},${time}\n`)
      tags++
    }
  }
  ratings += items.length
}
await Promise.all([close(ratingsCsv), close(tagsCsv)])

const seconds = ((Date.now() - started) / 1000).toFixed(1)
console.log(`${out}: ${users} users, ${movies} movies, ${ratings} ratings, ${tags} tags (seed ${seed}, ${seconds} s)`)
