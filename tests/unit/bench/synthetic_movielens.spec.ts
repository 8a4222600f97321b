import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { generateSynthetic, syntheticMovieLens } from '../../../bench/support/synthetic_movielens.ts'

// Enough items that no user hits the cap of one rating per item, so only rounding moves the total.
const SHAPE = { users: 60, items: 1_000, ratings: 3_000 }
const FIRST = Date.UTC(1996, 0, 1)
const LAST = Date.UTC(2019, 10, 1)

test.group('Bench / synthetic MovieLens generator', () => {
  test('the same seed gives the same data, another seed other data', ({ assert }) => {
    const one = generateSynthetic({ ...SHAPE, seed: 7 })
    const again = generateSynthetic({ ...SHAPE, seed: 7 })
    const other = generateSynthetic({ ...SHAPE, seed: 8 })
    assert.deepEqual(again, one)
    assert.notDeepEqual(other.ratingItem, one.ratingItem)
  })

  test('has the MovieLens shape: ids, at least 20 ratings a user, half stars, one rating per pair, time order', ({
    assert,
  }) => {
    const data = generateSynthetic({ ...SHAPE, seed: 3 })
    assert.deepEqual([...data.userIds], Array.from({ length: SHAPE.users }, (_, u) => u + 1))
    assert.deepEqual([...data.itemIds], Array.from({ length: SHAPE.items }, (_, i) => i + 1))
    assert.lengthOf(data.content, SHAPE.items)
    // Each user's share is rounded: about the requested total.
    assert.closeTo(data.ratingValue.length, SHAPE.ratings, SHAPE.users)
    for (const array of [data.ratingItem, data.ratingValue, data.ratingTime]) {
      assert.equal(array.length, data.ratingUser.length)
    }

    const perUser = new Map<number, number>()
    const pairs = new Set<string>()
    for (let k = 0; k < data.ratingUser.length; k++) {
      const user = data.ratingUser[k]
      if (k > 0) {
        // Grouped by user, in time order within a user.
        assert.isAtLeast(user, data.ratingUser[k - 1])
        if (user === data.ratingUser[k - 1]) assert.isAtLeast(data.ratingTime[k], data.ratingTime[k - 1])
      }
      perUser.set(user, (perUser.get(user) ?? 0) + 1)
      pairs.add(`${user}:${data.ratingItem[k]}`)
      assert.isTrue(data.ratingItem[k] >= 0 && data.ratingItem[k] < SHAPE.items)
      assert.include([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5], data.ratingValue[k])
      assert.isTrue(data.ratingTime[k] >= FIRST && data.ratingTime[k] <= LAST)
    }
    assert.equal(perUser.size, SHAPE.users)
    for (const count of perUser.values()) assert.isAtLeast(count, 20)
    assert.equal(pairs.size, data.ratingUser.length)
    // Popularity is skewed: the most rated item has several times the mean.
    const perItem = new Map<number, number>()
    for (const item of data.ratingItem) perItem.set(item, (perItem.get(item) ?? 0) + 1)
    assert.isAbove(Math.max(...perItem.values()), (3 * data.ratingItem.length) / SHAPE.items)
  })

  test('exactTotal gives exactly the requested number of ratings', ({ assert }) => {
    const set = syntheticMovieLens({ ...SHAPE, seed: 5, exactTotal: true })
    let total = 0
    for (const user of set.users()) total += user.items.length
    assert.equal(set.ratingTotal, SHAPE.ratings)
    assert.equal(total, SHAPE.ratings)
  })

  test('generate_movielens writes the same MovieLens CSVs for the same flags', async ({ assert, cleanup }) => {
    const dir = await mkdtemp(join(tmpdir(), 'marquee-ml-'))
    cleanup(() => rm(dir, { recursive: true, force: true }))
    const files = ['movies.csv', 'links.csv', 'ratings.csv', 'tags.csv']
    const write = async (out: string) => {
      const flags = ['--out', out, '--users', '30', '--movies', '80', '--ratings', '1000', '--seed', '4']
      await promisify(execFile)(process.execPath, ['bench/generate_movielens.ts', ...flags])
      return Promise.all(files.map((file) => readFile(join(out, file), 'utf8')))
    }
    const [movies, links, ratings, tags] = await write(join(dir, 'a'))
    assert.deepEqual(await write(join(dir, 'b')), [movies, links, ratings, tags])

    assert.equal(movies.split('\n')[0], 'movieId,title,genres')
    assert.lengthOf(movies.trim().split('\n'), 81)
    assert.lengthOf(links.trim().split('\n'), 81)
    assert.equal(tags.split('\n')[0], 'userId,movieId,tag,timestamp')
    const lines = ratings.trim().split('\n')
    assert.equal(lines[0], 'userId,movieId,rating,timestamp')
    assert.lengthOf(lines, 1001)
    for (const line of lines.slice(1)) assert.match(line, /^\d+,\d+,[0-5]\.[05],\d+$/)
  }).timeout(30_000)
})
