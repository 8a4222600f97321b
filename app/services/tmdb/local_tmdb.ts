/**
 * The token used against a TMDB on this machine (the fake server) when
 * TMDB_ACCESS_TOKEN is unset: the local default works out of the box, while
 * a real TMDB still needs a real token. `bin/dev.sh` writes it into .env.
 */
export const DEVELOPMENT_TMDB_TOKEN = 'marquee-local-development'

/** True when `baseUrl` points at this machine (loopback). */
export function isLocalTmdb(baseUrl: string) {
  try {
    const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '')
    return host === 'localhost' || host === '::1' || /^127\./.test(host)
  } catch {
    return false
  }
}
