import { test } from '@japa/runner'
import { invalidTrustedProxy, parseTrustedProxies, trustProxyFor } from '#services/http/trusted_proxies'

test.group('TRUSTED_PROXIES', () => {
  test('accepts IPs, CIDRs and proxy-addr keywords; names the first bad entry', ({ assert }) => {
    const entries = parseTrustedProxies(' 10.0.0.5, 10.1.0.0/16 ,fd00::/8,::1,loopback,, ')
    assert.deepEqual(entries, ['10.0.0.5', '10.1.0.0/16', 'fd00::/8', '::1', 'loopback'])
    assert.isUndefined(invalidTrustedProxy(entries))
    assert.equal(invalidTrustedProxy(['10.0.0.1', 'proxy.example']), 'proxy.example')
    assert.equal(invalidTrustedProxy(['10.0.0.0/33']), '10.0.0.0/33')
    assert.equal(invalidTrustedProxy(['10.0.0.0/8/1']), '10.0.0.0/8/1')
    assert.equal(invalidTrustedProxy(['*']), '*')
  })

  test('trusts nobody by default, and only the listed proxies otherwise', ({ assert }) => {
    const nobody = trustProxyFor(parseTrustedProxies(undefined))
    assert.isFalse(nobody('127.0.0.1', 0))
    assert.isFalse(nobody('10.0.0.1', 0))
    const some = trustProxyFor(parseTrustedProxies('10.1.0.0/16'))
    assert.isTrue(some('10.1.2.3', 0))
    assert.isFalse(some('10.2.0.1', 0))
    assert.isFalse(some('192.168.1.1', 0))
  })
})
