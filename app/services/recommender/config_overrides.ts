import { DEFAULT_CONFIG, type ConfigOverrides } from '#services/recommender/config'
import { ENGINES } from '#services/recommender/bundle'

export class ConfigOverrideError extends Error {}

/**
 * `section.key=value` pairs from the command line into config overrides,
 * checked against the defaults so a typo fails loudly instead of being
 * ignored.
 */
export function parseOverrides(pairs: string[]): ConfigOverrides {
  const out: Record<string, unknown> = {}
  for (const pair of pairs.flatMap((value) => value.split(',')).filter(Boolean)) {
    const match = /^([a-zA-Z][a-zA-Z0-9]*)(?:\.([a-zA-Z][a-zA-Z0-9]*))?=(.+)$/.exec(pair.trim())
    if (!match) throw new ConfigOverrideError(`Cannot read override "${pair}": use section.key=value, e.g. ease.lambda=300`)
    const [, section, key, raw] = match
    const defaults = DEFAULT_CONFIG as unknown as Record<string, unknown>
    if (!(section in defaults)) {
      throw new ConfigOverrideError(`Unknown config section "${section}". Known: ${Object.keys(defaults).join(', ')}`)
    }
    const current = defaults[section]
    if (key === undefined) {
      if (typeof current === 'object') throw new ConfigOverrideError(`"${section}" is a section: set one of its keys`)
      out[section] = coerce(raw, current, section)
      continue
    }
    if (typeof current !== 'object' || current === null || !(key in current)) {
      const known = typeof current === 'object' && current ? Object.keys(current).join(', ') : 'none'
      throw new ConfigOverrideError(`Unknown key "${section}.${key}". Known: ${known}`)
    }
    const sectionValues = (out[section] ?? {}) as Record<string, unknown>
    sectionValues[key] = coerce(raw, (current as Record<string, unknown>)[key], `${section}.${key}`)
    out[section] = sectionValues
  }
  if (out.engine !== undefined && !ENGINES.includes(out.engine as never)) {
    throw new ConfigOverrideError(`Unknown engine "${out.engine}". Known: ${ENGINES.join(', ')}`)
  }
  return out as ConfigOverrides
}

function coerce(raw: string, current: unknown, name: string): unknown {
  if (typeof current === 'number') {
    const value = Number(raw)
    if (!Number.isFinite(value)) throw new ConfigOverrideError(`${name} must be a number, got "${raw}"`)
    return value
  }
  if (typeof current === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new ConfigOverrideError(`${name} must be true or false, got "${raw}"`)
    return raw === 'true'
  }
  return raw
}
