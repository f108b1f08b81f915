import { describe, expect, it } from 'vitest'
import { HostEvents } from '../../src-main/host/host-events.js'
import { ChannelListeners, Listeners } from '../../src-shared/listeners.js'

describe('Listeners', () => {
  it('tells each listener once, until it unsubscribes', () => {
    const listeners = new Listeners<number>()
    const heard: number[] = []
    const listener = (n: number): void => {
      heard.push(n)
    }
    const off = listeners.add(listener)
    listeners.add(listener)
    listeners.emit(1)
    off()
    listeners.emit(2)
    expect(heard).toEqual([1])
    expect(listeners.size).toBe(0)
  })

  it('does not call a listener that an earlier one removed during the same emit', () => {
    const listeners = new Listeners<string>()
    const heard: string[] = []
    let offSecond = (): void => {}
    listeners.add(() => {
      heard.push('first')
      offSecond()
    })
    offSecond = listeners.add(() => heard.push('second'))
    listeners.emit('x')
    listeners.emit('y')
    expect(heard).toEqual(['first', 'first'])
  })

  it('lets a listener added during an emit hear the next one, not that one', () => {
    const listeners = new Listeners<string>()
    const heard: string[] = []
    let added = false
    listeners.add(() => {
      if (added) return
      added = true
      listeners.add((later) => heard.push(later))
    })
    listeners.emit('during')
    listeners.emit('after')
    expect(heard).toEqual(['after'])
  })

  it('reaches every listener when one throws, then throws its error', () => {
    const listeners = new Listeners<void>()
    const heard: string[] = []
    listeners.add(() => {
      throw new Error('broken')
    })
    listeners.add(() => heard.push('second'))
    expect(() => listeners.emit()).toThrow('broken')
    expect(heard).toEqual(['second'])
  })

  it('hands what a listener threw to onListenerError instead of throwing it', () => {
    const errors: unknown[] = []
    const listeners = new Listeners<void>({ onListenerError: (error) => errors.push(error) })
    const heard: string[] = []
    listeners.add(() => {
      throw new Error('broken')
    })
    listeners.add(() => heard.push('second'))
    expect(() => listeners.emit()).not.toThrow()
    expect(heard).toEqual(['second'])
    expect(errors).toEqual([new Error('broken')])
  })
})

describe('ChannelListeners', () => {
  type Payloads = { count: number; name: string }

  it('delivers each channel to its own listeners', () => {
    const channels = new ChannelListeners<Payloads>()
    const heard: unknown[] = []
    const onCount = (n: number): void => {
      heard.push(n)
    }
    channels.on('count', onCount)
    channels.on('name', (name) => heard.push(name))
    channels.emit('count', 3)
    channels.emit('name', 'film')
    expect(heard).toEqual([3, 'film'])
    expect(channels.has('count', onCount)).toBe(true)
    channels.clear()
    channels.emit('count', 4)
    expect(heard).toEqual([3, 'film'])
    expect(channels.has('count', onCount)).toBe(false)
  })

  it('says which channel a failing listener was on', () => {
    const failures: unknown[] = []
    const channels = new ChannelListeners<Payloads>({
      onListenerError: (error, channel) => failures.push([channel, (error as Error).message]),
    })
    channels.on('name', () => {
      throw new Error('broken')
    })
    channels.emit('name', 'film')
    expect(failures).toEqual([['name', 'broken']])
  })
})

describe('HostEvents', () => {
  it('keeps one listener that throws from silencing the others', () => {
    const events = new HostEvents()
    const heard: string[] = []
    events.on('wt-warning', () => {
      throw new Error('a closed window')
    })
    events.on('wt-warning', (payload) => heard.push(payload.message))
    expect(() => events.emit('wt-warning', { code: 'SLOW', message: 'slow' })).not.toThrow()
    expect(heard).toEqual(['slow'])
  })

  it('replays the latest sticky state to a late listener, unless it left first', async () => {
    const events = new HostEvents()
    events.emit('wt-ready', { origin: 'http://127.0.0.1:1', peerPort: 2 })
    const heard: unknown[] = []
    events.on('wt-ready', (payload) => heard.push(payload.peerPort))
    const off = events.on('wt-ready', () => heard.push('left'))
    off()
    await Promise.resolve()
    expect(heard).toEqual([2])
  })
})
