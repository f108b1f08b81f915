import { type EventChannel, type EventPayload, eventSchemas } from '../../src-shared/contract.js'

/** The payload when it matches the contract, else undefined: a bad event is dropped, never thrown. */
export function parseEvent<C extends EventChannel>(
  channel: C,
  payload: unknown,
): EventPayload<C> | undefined {
  const parsed = eventSchemas[channel].safeParse(payload)
  if (parsed.success) return parsed.data as EventPayload<C>
  console.warn(`Dropped a malformed ${channel} event`, parsed.error.issues[0]?.message)
  return undefined
}
