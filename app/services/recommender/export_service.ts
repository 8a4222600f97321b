import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { once } from 'node:events'
import { loadTrainingData, type LoadProgress } from '#services/recommender/data_loader'
import { LIKED_THRESHOLD } from '#services/recommender/dataset'

export interface ExportSummary {
  directory: string
  files: { name: string; rows: number }[]
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(value: string | number | boolean | null): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

async function writeCsv(path: string, header: string[], rows: Iterable<(string | number | boolean | null)[]>) {
  const stream = createWriteStream(path, { encoding: 'utf8' })
  let count = 0
  const write = async (line: string) => {
    if (!stream.write(line)) await once(stream, 'drain')
  }
  await write(header.join(',') + '\n')
  for (const row of rows) {
    await write(row.map(csvField).join(',') + '\n')
    count++
  }
  stream.end()
  await once(stream, 'finish')
  return count
}

/**
 * The recommender's training data as CSV for analysis elsewhere:
 * ratings.csv (every rating, epoch seconds), liked.csv (the positives,
 * rating >= 3.5) and items.csv (one row per movie with its content
 * features, lists joined with "|").
 */
export async function exportTrainingData(directory: string, progress?: LoadProgress): Promise<ExportSummary> {
  await mkdir(directory, { recursive: true })
  const data = await loadTrainingData(progress)
  const genreNames = new Map(data.genreNames)
  const ratingRows = function* (likedOnly: boolean) {
    for (let k = 0; k < data.ratingValue.length; k++) {
      if (likedOnly && data.ratingValue[k] < LIKED_THRESHOLD) continue
      const row: (string | number)[] = [data.userIds[data.ratingUser[k]], data.itemIds[data.ratingItem[k]]]
      if (!likedOnly) row.push(data.ratingValue[k])
      row.push(Math.floor(data.ratingTime[k] / 1000))
      yield row
    }
  }
  const itemRows = function* () {
    for (let i = 0; i < data.itemIds.length; i++) {
      const content = data.content[i]
      yield [
        data.itemIds[i],
        data.titles[i],
        data.years[i] || null,
        content.genres.map((id) => genreNames.get(id) ?? String(id)).join('|'),
        content.keywords.join('|'),
        content.cast.map((person) => person.name).join('|'),
        content.directors.map((person) => person.name).join('|'),
        content.tags.join('|'),
        content.language,
        Math.round(data.tmdbPopularity[i] * 1000) / 1000,
        (data.flags[i] & 1) === 1,
        content.overview,
      ]
    }
  }
  const files = [
    { name: 'ratings.csv', rows: await writeCsv(join(directory, 'ratings.csv'), ['user_id', 'movie_id', 'rating', 'timestamp'], ratingRows(false)) },
    { name: 'liked.csv', rows: await writeCsv(join(directory, 'liked.csv'), ['user_id', 'movie_id', 'timestamp'], ratingRows(true)) },
    {
      name: 'items.csv',
      rows: await writeCsv(
        join(directory, 'items.csv'),
        ['movie_id', 'title', 'year', 'genres', 'keywords', 'cast', 'directors', 'tags', 'original_language', 'tmdb_popularity', 'adult', 'overview'],
        itemRows()
      ),
    },
  ]
  return { directory, files }
}
