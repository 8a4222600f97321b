/**
 * MovieLens titles look like "Matrix, The (1999)" or
 * "City of Lost Children, The (Cité des enfants perdus, La) (1995)":
 * a library-style title with its article moved to the end, optional
 * parenthesised alternate titles, then the year (or a year range for series).
 */

export interface ParsedMovieLensTitle {
  title: string
  /** Last alternate title that is not an "a.k.a.": MovieLens puts the original-language title there. */
  originalTitle: string | null
  year: number | null
}

/**
 * Articles MovieLens moves behind a comma, across the languages it lists.
 * Elided ones ("L'", "D'") are glued to the next word without a space.
 */
const ARTICLES = [
  'The', 'A', 'An', 'Da',
  'Le', 'La', 'Les', "L'", 'Un', 'Une',
  'Il', 'Lo', 'I', 'Gli', 'Una', 'Uno', "Un'",
  'El', 'Los', 'Las',
  'Der', 'Die', 'Das', 'Ein', 'Eine',
  'Den', 'Det', 'De', 'En', 'Ett', 'Het',
  'O', 'Os', 'As',
]

// Longest first so "Les" is tried before "Le"; the case-sensitive match keeps
// lowercase words (", les années folles") from being taken for articles.
const ARTICLE_PATTERN = new RegExp(
  `^(.*\\S),\\s+(${[...new Set(ARTICLES)]
    .sort((a, b) => b.length - a.length)
    .map((article) => article.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})$`
)

/** "(1999)", "(2006–2007)", "(2006-2007)", "(2016- )" at the very end. */
const YEAR_PATTERN = /\s*\((\d{4})(?:\s*[–-]\s*(?:\d{4})?\s*)?\)$/

/** Moves a trailing article to the front: "Matrix, The" → "The Matrix". */
export function moveTrailingArticle(title: string): string {
  const match = ARTICLE_PATTERN.exec(title)
  if (!match) return title
  const [, rest, article] = match
  return article.endsWith("'") ? `${article}${rest}` : `${article} ${rest}`
}

/**
 * Splits trailing " (…)" groups off the end of a title, in reading order.
 * Stops at unbalanced parentheses or a group glued to the previous word.
 */
function splitTrailingGroups(text: string): { head: string; groups: string[] } {
  const groups: string[] = []
  let head = text.trimEnd()
  while (head.endsWith(')')) {
    let depth = 0
    let start = -1
    for (let i = head.length - 1; i >= 0; i--) {
      const char = head[i]
      if (char === ')') depth++
      else if (char === '(') {
        depth--
        if (depth === 0) {
          start = i
          break
        }
      }
    }
    // Unbalanced, or the whole title is one group ("(500)" style): stop here.
    if (start <= 0) break
    const before = head.slice(0, start)
    if (!/\s$/.test(before)) break
    groups.unshift(head.slice(start + 1, -1).trim())
    head = before.trimEnd()
  }
  return { head, groups }
}

export function parseMovieLensTitle(raw: string): ParsedMovieLensTitle {
  let text = raw.trim()
  let year: number | null = null

  const yearMatch = YEAR_PATTERN.exec(text)
  if (yearMatch) {
    year = Number(yearMatch[1])
    text = text.slice(0, yearMatch.index).trimEnd()
  }

  const { head, groups } = splitTrailingGroups(text)
  const alternates = groups.filter((group) => group.length > 0)
  const original = alternates.findLast((group) => !/^a\.k\.a\.?\s/i.test(group)) ?? null

  // A title that is nothing but parentheses keeps them rather than vanishing.
  const title = moveTrailingArticle(head.length > 0 ? head : text)

  return {
    title: title.length > 0 ? title : raw.trim(),
    originalTitle: original ? moveTrailingArticle(original) : null,
    year,
  }
}
