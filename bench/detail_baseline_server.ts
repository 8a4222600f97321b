/*
 * Baseline for bench/core_loop.ts: a bare node:http + pg server answering
 * GET /api/v1/movies/:id with the minimal query for the detail row (primary
 * key lookup of the movie with its genres, one prepared statement, no
 * framework, no cache, no auth). Not part of the product.
 *
 *   DATABASE_URL=postgres://… node bench/detail_baseline_server.ts --port 3398
 */
import http from 'node:http'
import pg from 'pg'

const port = Number(process.argv[process.argv.indexOf('--port') + 1] || 3398)
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })

const DETAIL = {
  name: 'bench_movie_detail',
  text: `SELECT m.id, m.tmdb_id, m.imdb_id, m.title, m.original_title, m.overview, m.tagline,
    to_char(m.release_date, 'YYYY-MM-DD') AS release_date, m.year, m.runtime, m.original_language,
    m.poster_path, m.backdrop_path, m.popularity, m.vote_average, m.vote_count, m.average_rating, m.rating_count,
    coalesce((SELECT json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.id)
       FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = m.id), '[]') AS genres
    FROM movies m WHERE m.id = $1 AND NOT m.is_hidden AND NOT m.adult`,
}

const server = http.createServer(async (req, res) => {
  try {
    const match = /^\/api\/v1\/movies\/(\d+)$/.exec(req.url ?? '')
    if (!match) {
      res.writeHead(404).end()
      return
    }
    const result = await pool.query({ ...DETAIL, values: [Number(match[1])] })
    if (!result.rowCount) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"E_NOT_FOUND"}}')
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result.rows[0]))
  } catch (error) {
    res.writeHead(500).end(String(error))
  }
})

server.listen(port, '127.0.0.1', () => console.log(`detail baseline listening on ${port}`))
process.on('SIGTERM', () => server.close(() => pool.end()))
