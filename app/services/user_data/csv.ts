export type CsvValue = string | number | boolean | null | undefined

/**
 * RFC 4180 CSV. Text cells that a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR) get a leading apostrophe: exports hold
 * user-written text, opened in spreadsheets.
 */
export function toCsv(columns: string[], rows: Record<string, CsvValue>[]): string {
  const lines = [columns.map(escapeCell).join(',')]
  for (const row of rows) lines.push(columns.map((column) => escapeCell(row[column])).join(','))
  return lines.join('\r\n') + '\r\n'
}

function escapeCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
