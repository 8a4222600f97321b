import { test } from '@japa/runner'
import { interactionMatrix, ITEM_ABOVE_TEEN, ITEM_ADULT, LIKED_THRESHOLD, sortRatings, type Rating } from '#services/recommender/dataset'
import { trainSequence } from '#services/recommender/models/sequence'
import { transpose } from '#services/recommender/sparse'
import { trainEase } from '#services/recommender/models/ease'
import { trainBundle } from '#services/recommender/trainer'
import { describeReason, Ranker, type UserProfile } from '#services/recommender/ranker'
import type { Engine } from '#services/recommender/bundle'
import { COMEDY, ROMANCE, smallConfig, world } from '#tests/unit/recommender/fixtures'

const B = new Set([4, 5, 6, 7])

function ranker(engine: Engine = 'ease', overrides = {}) {
  return new Ranker(trainBundle(world(), smallConfig({ engine, ...overrides }), undefined, { allEngines: true }))
}

function profile(ratings: [number, number][], extra: Partial<UserProfile> = {}): UserProfile {
  const list: Rating[] = ratings.map(([item, rating], k) => ({ item, rating, time: Date.UTC(2021, 0, 1 + k) }))
  return {
    ratings: list,
    excluded: list.map((r) => r.item),
    genres: [],
    friends: [],
    showsAdult: false,
    teen: false,
    ...extra,
  }
}

/** Someone who loved science fiction movies 0 and 1 and has not seen 2 or 3. */
const scifiFan = () => profile([[0, 5], [1, 5]])

test.group('Recommender / models on a hand-made world', () => {
  for (const engine of ['ease', 'rp3beta', 'item_knn', 'als', 'ease_rp3beta'] as Engine[]) {
    test(`${engine}: a science-fiction fan gets the two unseen science-fiction movies first`, ({ assert }) => {
      const list = ranker(engine).collaborativeTop(scifiFan(), engine, 4)
      assert.isAtLeast(list.length, 2)
      assert.sameMembers(
        list.slice(0, 2).map((c) => c.item),
        [2, 3]
      )
      for (const candidate of list) {
        assert.notInclude([0, 1], candidate.item, 'never what the user rated')
        assert.isAtLeast(candidate.score, 0)
        assert.isAtMost(candidate.score, 1)
      }
    })
  }

  test('EASE: the dual (Woodbury) and primal (Gram inversion) solutions are the same matrix', ({ assert }) => {
    const data = world()
    const x = interactionMatrix(data, { likedOnly: true })
    const xt = transpose(x)
    const options = { lambda: 2, neighbors: 50 }
    const primal = trainEase(x, xt, { ...options, solver: 'primal' })
    const dual = trainEase(x, xt, { ...options, solver: 'dual' })
    assert.deepEqual([...primal.indptr], [...dual.indptr])
    assert.deepEqual([...primal.indices], [...dual.indices])
    primal.data.forEach((value, k) => assert.closeTo(dual.data[k], value, 1e-5))
    // diag(B) = 0: no item recommends itself.
    for (let i = 0; i < primal.rows; i++) {
      for (let p = primal.indptr[i]; p < primal.indptr[i + 1]; p++) assert.notEqual(primal.indices[p], i)
    }
  })

  test('a low rating pushes its neighbours down (signed profile)', ({ assert }) => {
    const r = ranker('ease')
    const liked = r.collaborative([{ item: 0, rating: 5, time: 1 }], 'ease')!
    const withDislike = r.collaborative(
      [
        { item: 0, rating: 5, time: 1 },
        { item: 4, rating: 1, time: 2 },
      ],
      'ease'
    )!
    assert.isBelow(withDislike.scores[5], liked.scores[5])
  })

  test('content: similar movies share genre and director, and the reason says so', ({ assert }) => {
    const r = ranker()
    const similar = r.similar(0, 3)
    assert.sameMembers(
      similar.map((c) => c.item),
      [1, 2, 3]
    )
    const reason = similar[0].reason
    assert.equal(reason.type, 'similar_to_liked')
    const text = describeReason(reason, (i) => `Movie ${i}`, () => '')
    assert.match(text, /^Like Movie 0: directed by Director 1/)
  })

  test('item-kNN: people who liked a romance also liked the other romances', ({ assert }) => {
    const list = ranker().alsoLiked(4, 3)
    assert.lengthOf(list, 3)
    for (const candidate of list) {
      assert.isTrue(B.has(candidate.item))
      assert.deepEqual(candidate.reason, { type: 'liked_by_similar_users', baseline: 4 })
    }
  })

  test('because_you_liked: neighbours of the latest like, explained by it', ({ assert }) => {
    const list = ranker().becauseYouLiked(profile([[5, 5]]), 3)
    assert.lengthOf(list, 3)
    for (const candidate of list) {
      assert.isTrue(B.has(candidate.item))
      assert.deepEqual(candidate.reason, { type: 'similar_to_liked', baseline: 5 })
    }
  })

  test('popularity: global list puts the most liked movie first; genre list keeps to the genres', ({ assert }) => {
    const r = ranker()
    const global = r.popularInGenres(profile([]), 3)
    assert.equal(global[0].item, 2)
    assert.equal(global[0].reason.type, 'trending')
    assert.equal(global[0].score, 1)

    const romance = r.popularInGenres(profile([], { genres: [ROMANCE] }), 4)
    assert.sameMembers(
      romance.map((c) => c.item),
      [4, 5, 6, 7]
    )
    assert.deepEqual(romance[0].reason, { type: 'popular_in_genre', genre: ROMANCE })
  })

  test('popular_in_your_genres is never empty: a genre nobody rated tops up from global popularity', ({ assert }) => {
    const list = ranker().popularInGenres(profile([], { genres: [COMEDY] }), 5)
    assert.lengthOf(list, 5)
    assert.equal(list[0].item, 8, 'the comedy first')
    assert.equal(list[1].reason.type, 'trending')
  })

  test('friends_like: friends’ likes, the friend with more shared taste counting more', ({ assert }) => {
    const r = ranker()
    const list = r.friendsLike(
      profile([[0, 5]], {
        friends: [
          { name: 'Ann', ratings: [{ item: 0, rating: 5, time: 1 }, { item: 3, rating: 4, time: 2 }] },
          { name: 'Bob', ratings: [{ item: 6, rating: 4, time: 1 }] },
        ],
      }),
      5
    )
    assert.deepEqual(
      list.map((c) => c.item),
      [3, 6]
    )
    assert.deepEqual(list[0].reason, { type: 'friends_liked', friends: ['Ann'], count: 1 })
    assert.equal(ranker().friendsLike(profile([[0, 5]]), 5).length, 0)
  })

  test('rating prediction: a science-fiction fan is predicted to like science fiction more than romance', ({ assert }) => {
    const r = ranker()
    const ratings = scifiFan().ratings
    const scifi = r.predict(ratings, 2)!
    const romance = r.predict(ratings, 6)!
    assert.isAbove(scifi, romance)
    assert.isAtLeast(scifi, 4)
    assert.isAtMost(scifi, 5)
    assert.isAtLeast(romance, 0.5)
    // Nothing to go on: a movie nobody rated, for a user with no ratings.
    assert.isNull(r.predict([], 8))
  })
})

test.group('Recommender / for_you blending and exclusions', () => {
  test('a new user with onboarding genres gets those genres; one with none gets global favourites', ({ assert }) => {
    const r = ranker()
    const romance = r.forYou(profile([], { genres: [ROMANCE] }), 4)
    assert.lengthOf(romance, 4)
    for (const candidate of romance) assert.isTrue(B.has(candidate.item))
    assert.equal(romance[0].reason.type, 'popular_in_genre')

    const nobody = r.forYou(profile([]), 4)
    assert.lengthOf(nobody, 4)
    assert.equal(nobody[0].item, 2)
    assert.equal(nobody[0].reason.type, 'trending')
  })

  test('a user with likes is served collaboratively, explained by a liked movie', ({ assert }) => {
    const list = ranker().forYou(scifiFan(), 2)
    assert.sameMembers(
      list.map((c) => c.item),
      [2, 3]
    )
    const reason = list[0].reason
    assert.equal(reason.type, 'similar_to_liked')
    assert.include([0, 1], (reason as { baseline: number }).baseline)
    for (const c of list) assert.isTrue(c.score > 0 && c.score <= 1)
  })

  test('excluded, adult, above-teen and unreleased titles never come back', ({ assert }) => {
    const data = world()
    data.flags[2] = ITEM_ADULT
    data.flags[3] = ITEM_ABOVE_TEEN
    data.years[4] = 3000
    const r = new Ranker(trainBundle(data, smallConfig()))
    const fan = scifiFan()
    const check = (p: UserProfile, banned: number[]) => {
      for (const list of [r.forYou(p, 9), r.becauseYouLiked(p, 9), r.popularInGenres(p, 9), r.collaborativeTop(p, 'ease', 9)]) {
        for (const candidate of list) assert.notInclude(banned, candidate.item)
      }
    }
    check({ ...fan, excluded: [0, 1, 5] }, [0, 1, 5, 2, 4])
    check({ ...fan, teen: true }, [0, 1, 2, 3, 4])
    // An adult who opted in sees the adult title.
    assert.include(
      r.forYou({ ...fan, showsAdult: true }, 9).map((c) => c.item),
      2
    )
  })

  test('a new rating changes the next ranking at once (fold-in, no retraining)', ({ assert }) => {
    const r = ranker()
    const before = r.forYou(scifiFan(), 3).map((c) => c.item)
    const after = r.forYou(profile([[0, 5], [1, 5], [4, 5], [5, 5]]), 3)
    assert.notDeepEqual(
      after.map((c) => c.item),
      before
    )
    assert.isTrue(after.some((c) => B.has(c.item)))
    assert.notInclude(
      after.map((c) => c.item),
      4
    )
  })

  test('for_you on a ranker that served other users first equals a fresh ranker (reused buffers leak nothing)', ({ assert }) => {
    const data = world()
    data.flags[2] = ITEM_ADULT
    const bundle = trainBundle(data, smallConfig())
    const romanceFan = profile([[4, 5], [5, 4.5], [0, 1]], {
      friends: [{ name: 'Ada', ratings: [{ item: 6, rating: 5, time: 1 }] }],
    })
    const adultFan = { ...scifiFan(), showsAdult: true }
    const newcomer = profile([], { genres: [COMEDY] })
    const fresh = (p: UserProfile) => new Ranker(bundle).forYou(p, 8)
    const shared = new Ranker(bundle)
    for (const p of [adultFan, romanceFan, newcomer, scifiFan(), adultFan]) {
      assert.deepEqual(shared.forYou(p, 8), fresh(p))
    }
    // The adult title went to the one who opted in only.
    assert.include(shared.forYou(adultFan, 8).map((c) => c.item), 2)
    assert.notInclude(shared.forYou(scifiFan(), 8).map((c) => c.item), 2)
  })

  test('sequence: what the same people liked next, within the cluster; for_you names only likes for it', ({ assert }) => {
    const data = world()
    const sequence = trainSequence(sortRatings(data), { window: 3, neighbors: 10, beta: 0 })
    const row = (item: number) => {
      const out: [number, number][] = []
      for (let p = sequence.indptr[item]; p < sequence.indptr[item + 1]; p++) out.push([sequence.indices[p], sequence.data[p]])
      return out.sort((a, b) => b[1] - a[1])
    }
    // After movie 2, five of seven fans liked movie 0 next (1 + 1 + 1 + 1 + ½ of the votes): the top target.
    assert.equal(row(2)[0][0], 0)
    assert.sameMembers(
      row(2).map(([j]) => j),
      [0, 1, 3]
    )
    // Low ratings never vote: nothing leads from science fiction to romance.
    for (const item of [0, 1, 2, 3]) for (const [j] of row(item)) assert.include([0, 1, 2, 3], j)

    const r = new Ranker(trainBundle(data, smallConfig({ blend: { ...smallConfig().blend, sequenceShare: 0.9 } })))
    const user = profile([[2, 5], [4, 1]])
    const list = r.forYou(user, 5)
    assert.isAtLeast(list.length, 3)
    assert.equal(list[0].item, 0)
    const liked = new Set(user.ratings.filter((x) => x.rating >= LIKED_THRESHOLD).map((x) => x.item))
    for (const candidate of list) {
      if (candidate.reason.type === 'similar_to_liked') assert.isTrue(liked.has(candidate.reason.baseline))
    }
    assert.equal(list[0].reason.type, 'similar_to_liked')
  })
})
