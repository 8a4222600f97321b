import { parse } from 'csv-parse/sync'
import type { ImportSource, UnmatchedRow } from '#models/data_import'
import { RATING_VALUES } from '#validators/rating'

/** One data row of an export file, normalised across formats. */
export interface ImportRow {
  /** Row number as a spreadsheet shows it (the header is row 1). */
  row: number
  title: string | null
  originalTitle: string | null
  year: number | null
  imdbId: string | null
  /** 0.5–5.0, or null when the row carries none. */
  rating: number | null
  /** YYYY-MM-DD: when it was rated (ratings) or logged (diary). */
  date: string | null
  /** Diary only: the day it was watched. */
  watchedOn: string | null
  rewatch: boolean
  tags: string[]
  /** Why the row cannot be imported, whatever the catalogue holds. */
  problem: UnmatchedRow['reason'] | null
}

/**
 * Columns each export must have. Letterboxd (Settings → Import & Export):
 * diary.csv `Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date`,
 * ratings.csv `Date,Name,Year,Letterboxd URI,Rating`. IMDb (Your ratings →
 * Export): `Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,
 * IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors`
 * (older files lack Original Title).
 */
export const REQUIRED_COLUMNS: Record<ImportSource, string[]> = {
  letterboxd_diary: ['Date', 'Name', 'Year', 'Rating', 'Rewatch', 'Watched Date'],
  letterboxd_ratings: ['Date', 'Name', 'Year', 'Rating'],
  imdb_ratings: ['Const', 'Your Rating', 'Date Rated', 'Title', 'Year'],
}

const SOURCE_NAMES: Record<ImportSource, string> = {
  letterboxd_diary: 'a Letterboxd diary export (diary.csv)',
  letterboxd_ratings: 'a Letterboxd ratings export (ratings.csv)',
  imdb_ratings: 'an IMDb ratings export (ratings.csv)',
}

/** The file is not what its `source` says: a message for the user. */
export class ImportFormatError extends Error {}

type Record_ = Record<string, string | undefined>

function parseRecords(content: string): Record_[] {
  try {
    return parse(content, {
      columns: (header: string[]) => header.map((name) => name.trim()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as Record_[]
  } catch (error) {
    throw new ImportFormatError(`The file is not a readable CSV file (${(error as Error).message})`)
  }
}

function headerOf(content: string): string[] {
  try {
    const [first] = parse(content, { bom: true, to_line: 1, relax_column_count: true, trim: true }) as string[][]
    return first ?? []
  } catch (error) {
    throw new ImportFormatError(`The file is not a readable CSV file (${(error as Error).message})`)
  }
}

/** Throws ImportFormatError naming the missing columns. */
export function assertFormat(source: ImportSource, content: string) {
  const header = headerOf(content)
  if (!header.length) throw new ImportFormatError('The file is empty')
  const missing = REQUIRED_COLUMNS[source].filter((column) => !header.includes(column))
  if (missing.length) {
    throw new ImportFormatError(
      `The file is not ${SOURCE_NAMES[source]}: missing column(s) ${missing.join(', ')}`
    )
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isoDate(value: string | undefined): string | null {
  const match = value?.match(DATE)
  if (!match) return null
  const date = new Date(`${value}T00:00:00Z`)
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : value!
}

function year(value: string | undefined): number | null {
  const parsed = Number(value)
  return Number.isInteger(parsed) && parsed >= 1870 && parsed <= 2200 ? parsed : null
}

function halfStep(value: number): number | null {
  return RATING_VALUES.includes(value) ? value : null
}

function text(value: string | undefined): string | null {
  return value && value.length ? value : null
}

/** Parses the whole file (after assertFormat) into normalised rows. */
export function parseImport(source: ImportSource, content: string): ImportRow[] {
  assertFormat(source, content)
  return parseRecords(content).map((record, index) => {
    const row = index + 2
    if (source === 'imdb_ratings') return imdbRow(record, row)
    return letterboxdRow(record, row, source === 'letterboxd_diary')
  })
}

function letterboxdRow(record: Record_, row: number, diary: boolean): ImportRow {
  const rawRating = record['Rating']
  const rating = rawRating ? halfStep(Number(rawRating)) : null
  const date = isoDate(record['Date'])
  const watchedOn = diary ? (isoDate(record['Watched Date']) ?? date) : null
  let problem: ImportRow['problem'] = null
  if (!text(record['Name'])) problem = 'missing_title'
  else if (rawRating && rating === null) problem = 'invalid_rating'
  else if (!diary && rating === null) problem = 'invalid_rating'
  else if (diary && !watchedOn) problem = 'invalid_date'
  return {
    row,
    title: text(record['Name']),
    originalTitle: null,
    year: year(record['Year']),
    imdbId: null,
    rating,
    date,
    watchedOn,
    rewatch: diary && /^yes$/i.test(record['Rewatch'] ?? ''),
    tags: diary
      ? (record['Tags'] ?? '')
          .split(',')
          .map((tag) => tag.trim())
          .filter((tag) => tag.length > 0 && tag.length <= 255)
      : [],
    problem,
  }
}

function imdbRow(record: Record_, row: number): ImportRow {
  const score = Number(record['Your Rating'])
  const rating = Number.isInteger(score) && score >= 1 && score <= 10 ? score / 2 : null
  const imdbId = record['Const']?.match(/^tt\d{7,10}$/) ? record['Const']! : null
  let problem: ImportRow['problem'] = null
  if (!text(record['Title']) && !imdbId) problem = 'missing_title'
  else if (rating === null) problem = 'invalid_rating'
  return {
    row,
    title: text(record['Title']),
    originalTitle: text(record['Original Title']),
    year: year(record['Year']),
    imdbId,
    rating,
    date: isoDate(record['Date Rated']),
    watchedOn: null,
    rewatch: false,
    tags: [],
    problem,
  }
}
