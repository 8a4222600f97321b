import { test } from '@japa/runner'
import { bigId, id, integersUpTo, smallNumber } from '#validators/route_params'

test.group('Route params / id matchers', () => {
  test('integersUpTo matches exactly 1..max, no leading zeros, no signs', ({ assert }) => {
    const upTo = integersUpTo(2_147_483_647)
    for (const ok of ['1', '9', '10', '99', '1000000000', '2147483647', '2147483639', '2099999999', '1999999999']) {
      assert.isTrue(upTo.test(ok), ok)
    }
    for (const bad of ['0', '01', '-1', '+1', '1.5', '2147483648', '2147483650', '2200000000', '9999999999', '10000000000', '', 'abc']) {
      assert.isFalse(upTo.test(bad), bad)
    }
    // Every boundary of a small maximum, checked against arithmetic.
    const small = integersUpTo(305)
    for (let value = 0; value <= 1200; value++) assert.equal(small.test(String(value)), value >= 1 && value <= 305, String(value))
    const withZero = integersUpTo(32_767, { allowZero: true })
    assert.isTrue(withZero.test('0'))
    assert.isTrue(withZero.test('32767'))
    assert.isFalse(withZero.test('32768'))
  })

  test('the matchers cast to numbers and bound each column type', ({ assert }) => {
    assert.equal(id.cast!('42'), 42)
    assert.isFalse(id.match!.test('99999999999'))
    assert.isTrue(bigId.match!.test('99999999999'))
    assert.isTrue(bigId.match!.test(String(Number.MAX_SAFE_INTEGER)))
    assert.isFalse(bigId.match!.test('99999999999999999999'))
    assert.isTrue(smallNumber.match!.test('0'))
    assert.isFalse(smallNumber.match!.test('40000'))
  })
})
