import { isIP } from 'node:net'
import proxyAddr from 'proxy-addr'

/**
 * TRUSTED_PROXIES: the comma-separated IPs or CIDRs (or proxy-addr's
 * `loopback` / `linklocal` / `uniquelocal`) of the reverse proxies in front
 * of the app. X-Forwarded-For is believed only from them; by default from
 * nobody, so a client cannot choose its own IP past the rate limits and the
 * sign-in lockout.
 */
export function parseTrustedProxies(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
}

const KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** The first entry that is neither an IP, a CIDR nor a keyword, if any. */
export function invalidTrustedProxy(entries: string[]): string | undefined {
  return entries.find((entry) => {
    if (KEYWORDS.has(entry)) return false
    const [address, bits, ...rest] = entry.split('/')
    const family = isIP(address)
    if (!family || rest.length) return true
    if (bits === undefined) return false
    const max = family === 4 ? 32 : 128
    return !/^\d{1,3}$/.test(bits) || Number(bits) > max
  })
}

/** The `trustProxy` function of config/app.ts (trusts nobody for an empty list). */
export function trustProxyFor(entries: string[]): (address: string, distance: number) => boolean {
  if (!entries.length) return () => false
  return proxyAddr.compile(entries)
}
