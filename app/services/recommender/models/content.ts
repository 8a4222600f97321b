import { CsrBuilder, topKOfTouched, transpose, type Csr } from '#services/recommender/sparse'
import { RowAccumulator } from '#services/recommender/models/item_item'
import type { ItemContent } from '#services/recommender/dataset'

/** Where a content term comes from; decides its weight and how a reason names it. */
export const TermField = {
  Genre: 0,
  Keyword: 1,
  Cast: 2,
  Director: 3,
  Overview: 4,
  Tag: 5,
  Language: 6,
} as const
export type TermField = (typeof TermField)[keyof typeof TermField]

export interface ContentOptions {
  /** Similar items kept per item. */
  neighbors: number
  /** Relative weight of each field in the TF-IDF vector. */
  fieldWeights: Record<TermField, number>
  /** Billed cast members used per movie. */
  castMembers: number
}

export const DEFAULT_FIELD_WEIGHTS: Record<TermField, number> = {
  [TermField.Genre]: 1,
  [TermField.Keyword]: 1,
  [TermField.Cast]: 0.9,
  [TermField.Director]: 1.6,
  [TermField.Overview]: 0.45,
  [TermField.Tag]: 0.8,
  [TermField.Language]: 0.5,
}

export interface ContentModel {
  /** Items × terms, TF-IDF weighted and L2-normalised. */
  features: Csr
  /** Row i: the most similar items by cosine. */
  neighbors: Csr
  termLabels: string[]
  termFields: Uint8Array
}

const STOPWORDS = new Set(
  (
    'about above after again against all also among and another any are around because been before being below ' +
    'between both but by can cannot could did does doing down during each even ever every few find finds for ' +
    'from further get gets getting had has have having her here hers herself him himself his how however into ' +
    'its itself just last least less life like lives live made make makes many more most much must new not now ' +
    'off once one only other our out over own same she should since some still such take takes than that the ' +
    'their them then there these they this those three through together too two under until upon very was ' +
    'way were what when where which while who whom whose why will with within without world would year years ' +
    'yet you your young old story film movie begins soon becomes become comes come first time back must ' +
    'himself herself themselves named called'
  ).split(/\s+/)
)

/** Lower-case word tokens of an overview, without stopwords and with a light plural strip. */
export function overviewTerms(text: string): string[] {
  const words = text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[a-z]+/g) ?? []
  const out: string[] = []
  for (let word of words) {
    if (word.length < 3 || STOPWORDS.has(word)) continue
    if (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) word = word.slice(0, -1)
    out.push(word)
  }
  return out
}

interface RawTerm {
  key: string
  label: string
  field: TermField
  count: number
}

function rawTerms(content: ItemContent, genreNames: Map<number, string>, castMembers: number): RawTerm[] {
  const terms = new Map<string, RawTerm>()
  const add = (key: string, label: string, field: TermField, amount = 1) => {
    const existing = terms.get(key)
    if (existing) existing.count += amount
    else terms.set(key, { key, label, field, count: amount })
  }
  for (const genre of content.genres) add(`g:${genre}`, genreNames.get(genre) ?? String(genre), TermField.Genre)
  for (const keyword of content.keywords) add(`k:${keyword.toLowerCase()}`, keyword, TermField.Keyword)
  content.cast.slice(0, castMembers).forEach((person, order) => {
    // Leads count more than the fifth-billed.
    add(`c:${person.id}`, person.name, TermField.Cast, order < 3 ? 1 : 0.6)
  })
  for (const person of content.directors) add(`d:${person.id}`, person.name, TermField.Director)
  if (content.overview) {
    for (const word of overviewTerms(content.overview)) add(`w:${word}`, word, TermField.Overview)
  }
  for (const tag of content.tags) add(`t:${tag.toLowerCase()}`, tag, TermField.Tag)
  if (content.language && content.language !== 'en') add(`l:${content.language}`, content.language, TermField.Language)
  return [...terms.values()]
}

/**
 * TF-IDF content model over genres, keywords, cast, director, overview
 * words, user tags and original language: L2-normalised vectors and the
 * nearest neighbours of every item by cosine, through an inverted index.
 * Terms carried by a single movie cannot link two movies and are dropped.
 */
export function trainContent(
  contents: ItemContent[],
  genreNames: Map<number, string>,
  options: ContentOptions,
  onRow?: (row: number) => void
): ContentModel {
  const n = contents.length
  const perItem = contents.map((content) => rawTerms(content, genreNames, options.castMembers))
  const documentFrequency = new Map<string, number>()
  for (const terms of perItem) {
    for (const term of terms) documentFrequency.set(term.key, (documentFrequency.get(term.key) ?? 0) + 1)
  }
  const termIndex = new Map<string, number>()
  const termLabels: string[] = []
  const fields: number[] = []
  const builder = new CsrBuilder(n, 0, n * 24)
  for (const terms of perItem) {
    const cols: number[] = []
    const vals: number[] = []
    let norm = 0
    for (const term of terms) {
      const df = documentFrequency.get(term.key)!
      if (df < 2) continue
      let index = termIndex.get(term.key)
      if (index === undefined) {
        index = termLabels.length
        termIndex.set(term.key, index)
        termLabels.push(term.label)
        fields.push(term.field)
      }
      const weight = options.fieldWeights[term.field] * (1 + Math.log(term.count)) * Math.log(n / df)
      if (weight <= 0) continue
      cols.push(index)
      vals.push(weight)
      norm += weight * weight
    }
    norm = Math.sqrt(norm)
    builder.pushRow(
      cols,
      vals.map((value) => value / norm)
    )
  }
  const built = builder.finish()
  const features: Csr = { ...built, cols: termLabels.length }
  const postings = transpose(features)

  const acc = new RowAccumulator(n)
  const neighborRows = new CsrBuilder(n, n, n * options.neighbors)
  for (let i = 0; i < n; i++) {
    const cols: number[] = []
    const vals: number[] = []
    for (let p = features.indptr[i]; p < features.indptr[i + 1]; p++) {
      const term = features.indices[p]
      const weight = features.data[p]
      for (let q = postings.indptr[term]; q < postings.indptr[term + 1]; q++) {
        const j = postings.indices[q]
        if (j !== i) acc.add(j, weight * postings.data[q])
      }
    }
    for (const j of topKOfTouched(options.neighbors, acc.values, acc.touched, acc.count)) {
      cols.push(j)
      vals.push(acc.values[j])
    }
    acc.reset()
    neighborRows.pushRow(cols, vals)
    onRow?.(i)
  }
  return { features, neighbors: neighborRows.finish(), termLabels, termFields: Uint8Array.from(fields) }
}

/** Shared terms of two items, strongest first: what a "similar" reason names. */
export function sharedTerms(model: ContentModel, a: number, b: number): { label: string; field: TermField; weight: number }[] {
  const f = model.features
  const out: { label: string; field: TermField; weight: number }[] = []
  let p = f.indptr[a]
  let q = f.indptr[b]
  // Rows are sorted by term index: merge.
  while (p < f.indptr[a + 1] && q < f.indptr[b + 1]) {
    const ta = f.indices[p]
    const tb = f.indices[q]
    if (ta === tb) {
      out.push({ label: model.termLabels[ta], field: model.termFields[ta] as TermField, weight: f.data[p] * f.data[q] })
      p++
      q++
    } else if (ta < tb) p++
    else q++
  }
  return out.sort((x, y) => y.weight - x.weight)
}
