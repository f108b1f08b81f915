import { describe, expect, it } from 'vitest'
import { allowedHostValues, createHostCheck, isLoopbackHost } from '../../src-main/web/host-check.js'

const MACHINE = {
  hostname: 'Livingroom-PC',
  addresses: ['127.0.0.1', '192.168.1.20', '::1', 'fe80::a00:27ff:fe4e:66a1%eth0'],
}

describe('which Host headers the web server answers', () => {
  it('on loopback: only the loopback names with the port', () => {
    expect([...allowedHostValues('127.0.0.1', 8080, MACHINE)].sort()).toEqual([
      '127.0.0.1:8080',
      '[::1]:8080',
      'localhost:8080',
    ])
  })

  it('on the network: also every address of the machine, its name and its .local name', () => {
    const allowed = allowedHostValues('0.0.0.0', 8080, MACHINE)
    for (const host of [
      '192.168.1.20:8080',
      'livingroom-pc:8080',
      'livingroom-pc.local:8080',
      '[fe80::a00:27ff:fe4e:66a1]:8080',
      'localhost:8080',
    ]) {
      expect(allowed.has(host), host).toBe(true)
    }
    expect(allowed.has('192.168.1.20:8081')).toBe(false)
    expect(allowed.has('evil.example:8080')).toBe(false)
  })

  it('compares Host without case, and checks Origin as http:// on an allowed host', () => {
    const check = createHostCheck('0.0.0.0', 8080, () => MACHINE)
    expect(check.allows('LivingRoom-PC.local:8080')).toBe(true)
    expect(check.allows(undefined)).toBe(false)
    expect(check.allows('livingroom-pc.local.evil.example:8080')).toBe(false)
    expect(check.allowsOrigin('http://192.168.1.20:8080')).toBe(true)
    expect(check.allowsOrigin('https://192.168.1.20:8080')).toBe(false)
    expect(check.allowsOrigin('http://192.168.1.20:8080/path')).toBe(false)
    expect(check.allowsOrigin('null')).toBe(false)
  })

  it('knows which bind addresses keep the server on this machine', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(host), host).toBe(true)
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'livingroom-pc'])
      expect(isLoopbackHost(host), host).toBe(false)
  })
})
