/*
 * Baseline for bench/catalogue.ts: a bare node:http + pg server answering the
 * same four catalogue endpoints with the same SQL shape as the app (no
 * framework, no validation, no cache, no auth). Not part of the product.
 *
 *   DATABASE_URL=postgres://… node bench/baseline_server.ts --port 3399
 */
import http from 'node:http'
import pg from 'pg'

const port = Number(process.argv[process.argv.indexOf('--port') + 1] || 3399)
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })

const SUMMARY = `m.id, m.tmdb_id, m.imdb_id, m.movielens_id, m.title, m.original_title, m.overview,
  to_char(m.release_date, 'YYYY-MM-DD') AS release_date, m.year, m.runtime, m.adult, m.original_language,
  m.poster_path, m.backdrop_path, m.popularity, m.vote_average, m.vote_count, m.average_rating, m.rating_count,
  coalesce((SELECT json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.id)
     FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = m.id), '[]') AS genres`

async function page(where: string, order: string, params: unknown[], pageNo: number, perPage: number) {
  const [rows, count] = await Promise.all([
    pool.query(
      `SELECT ${SUMMARY} FROM movies m WHERE NOT m.is_hidden AND NOT m.adult ${where} ORDER BY ${order} LIMIT ${perPage} OFFSET ${(pageNo - 1) * perPage}`,
      params
    ),
    pool.query(`SELECT count(*)::int AS total FROM movies m WHERE NOT m.is_hidden AND NOT m.adult ${where}`, params),
  ])
  return { data: rows.rows, meta: { total: count.rows[0].total, per_page: perPage, current_page: pageNo } }
}

async function detail(id: number) {
  const movie = await pool.query(`SELECT ${SUMMARY}, m.tagline, m.status, m.budget, m.revenue, m.homepage FROM movies m WHERE m.id = $1 AND NOT m.is_hidden`, [id])
  if (!movie.rowCount) return null
  const [keywords, cast, crew] = await Promise.all([
    pool.query('SELECT k.name FROM movie_keywords mk JOIN keywords k ON k.id = mk.keyword_id WHERE mk.movie_id = $1', [id]),
    pool.query('SELECT c.person_id, p.name, c.character, c."order", p.profile_path FROM movie_cast c JOIN people p ON p.id = c.person_id WHERE c.movie_id = $1 ORDER BY c."order"', [id]),
    pool.query('SELECT c.person_id, p.name, c.job, c.department FROM movie_crew c JOIN people p ON p.id = c.person_id WHERE c.movie_id = $1', [id]),
  ])
  return { ...movie.rows[0], keywords: keywords.rows.map((k) => k.name), cast: cast.rows, crew: crew.rows }
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url!, 'http://x')
    const pageNo = Number(url.searchParams.get('page') ?? 1)
    const perPage = Number(url.searchParams.get('per_page') ?? 20)
    let body: unknown
    if (url.pathname === '/api/v1/movies') {
      body = await page('', 'm.popularity DESC, m.id', [], pageNo, perPage)
    } else if (url.pathname === '/api/v1/movies/popular') {
      body = await page('', 'm.popularity DESC, m.rating_count DESC, m.id', [], pageNo, perPage)
    } else if (url.pathname === '/api/v1/movies/search') {
      const q = (url.searchParams.get('q') ?? '').toLowerCase()
      body = await page(
        `AND (lower(m.title) LIKE $2 OR $1 <% lower(m.title))`,
        `word_similarity($1, lower(m.title)) DESC, m.popularity DESC, m.id`,
        [q, `%${q}%`],
        pageNo,
        perPage
      )
    } else if (url.pathname.startsWith('/api/v1/movies/')) {
      body = await detail(Number(url.pathname.split('/').pop()))
      if (!body) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"E_NOT_FOUND"}}')
        return
      }
    } else {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  } catch (error) {
    res.writeHead(500).end(String(error))
  }
})

server.listen(port, '127.0.0.1', () => console.log(`baseline listening on ${port}`))
process.on('SIGTERM', () => server.close(() => pool.end()))
