import { EventEmitter } from 'node:events'

/**
 * Anything that carries structured messages both ways: an Electron utilityProcess parentPort,
 * child_process IPC, a WebSocket, or an in-process pair. The worker protocol runs over it.
 */
export interface MessagePortLike {
  postMessage(message: unknown): void
  onMessage(listener: (message: unknown) => void): () => void
}

/** Two connected ends in one process; delivery is asynchronous, as across a real boundary. */
export function inProcessPortPair(): [MessagePortLike, MessagePortLike] {
  const a = new EventEmitter()
  const b = new EventEmitter()
  const end = (inbox: EventEmitter, outbox: EventEmitter): MessagePortLike => ({
    postMessage: (message) => queueMicrotask(() => outbox.emit('message', structuredClone(message))),
    onMessage: (listener) => {
      inbox.on('message', listener)
      return () => inbox.off('message', listener)
    },
  })
  return [end(a, b), end(b, a)]
}

interface IpcChannel {
  send?(message: unknown): boolean
  on(event: 'message', listener: (message: unknown) => void): unknown
  off(event: 'message', listener: (message: unknown) => void): unknown
}

/** child_process IPC: `process` inside the child, the ChildProcess in the parent. */
export function ipcPort(channel: IpcChannel): MessagePortLike {
  return {
    postMessage: (message) => {
      channel.send?.(message)
    },
    onMessage: (listener) => {
      channel.on('message', listener)
      return () => channel.off('message', listener)
    },
  }
}

interface ElectronParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown
}

/** Electron's utilityProcess: `process.parentPort` wraps each message in `{ data }`. */
export function electronParentPort(parentPort: ElectronParentPort): MessagePortLike {
  return {
    postMessage: (message) => parentPort.postMessage(message),
    onMessage: (listener) => {
      const unwrap = (event: { data: unknown }): void => listener(event.data)
      parentPort.on('message', unwrap)
      return () => parentPort.off('message', unwrap)
    },
  }
}
