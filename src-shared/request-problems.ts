import type { z } from 'zod'
import type { ApiError } from './contract.js'

/** What people call each field a request can carry, and the unit its numbers are in. */
const FIELDS: Record<string, { name: string; unit?: [one: string, many: string] }> = {
  query: { name: 'The search' },
  infoHash: { name: 'The infohash' },
  torrentId: { name: 'The link' },
  torrentFile: { name: 'The .torrent file' },
  fileName: { name: 'The file name' },
  retentionHours: { name: 'Keep downloads for', unit: ['hour', 'hours'] },
  idleCloseMinutes: { name: 'Close idle torrents after', unit: ['minute', 'minutes'] },
  memoryBudgetMB: { name: 'The memory budget', unit: ['MB', 'MB'] },
  apibayUrl: { name: 'The Pirate Bay address' },
  audioLanguage: { name: 'The audio language' },
  store: { name: 'Where pieces are kept' },
}

type Issue = z.core.$ZodIssue

/**
 * A request the contract refuses, as a sentence about what the person did, with the field it is
 * about (for a form to show it beside that field). Never the schema's own words.
 */
export function requestProblem(error: z.ZodError): ApiError {
  const issue = firstRelevantIssue(error.issues)
  if (!issue) return { code: 'BAD_REQUEST', message: 'That request is not valid.' }
  const key = issue.path.at(-1)
  const field = typeof key === 'string' ? key : undefined
  return { code: 'BAD_REQUEST', message: describe(issue, field), ...(field ? { field } : {}) }
}

/** In a union (a link or a .torrent file), the branch the request meant: the one it has fields of. */
function firstRelevantIssue(issues: readonly Issue[]): Issue | undefined {
  const first = issues[0]
  if (first?.code !== 'invalid_union') return first
  const missing = (i: Issue) => i.code === 'invalid_type' && i.message.endsWith('received undefined')
  const meant = first.errors.find((branch) => branch.length > 0 && !branch.some(missing)) ?? first.errors[0]
  return meant ? firstRelevantIssue(meant) : first
}

function describe(issue: Issue, field: string | undefined): string {
  const known = field ? FIELDS[field] : undefined
  const name = known?.name ?? (field ? `"${field}"` : 'The request')
  const amount = (n: number | bigint) => {
    const value = Number(n)
    const unit = known?.unit
    return unit ? `${value} ${value === 1 ? unit[0] : unit[1]}` : String(value)
  }
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string'
        ? `${name} is too long: at most ${amount(issue.maximum)} characters.`
        : `${name} can be at most ${amount(issue.maximum)}.`
    case 'too_small':
      if (issue.origin === 'string') return `${name} is empty.`
      return `${name} must be at least ${amount(issue.minimum)}.`
    case 'invalid_format':
      return issue.format === 'url'
        ? `${name} must be a web address starting with http:// or https://.`
        : `${name} must be ${issue.message}.`
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'setting' : 'settings'}: ${issue.keys.join(', ')}.`
    case 'invalid_type':
      return issue.expected === 'number' ? `${name} must be a number.` : `${name} is not valid.`
    case 'custom':
      return `${name} must be ${issue.message}.`
    case 'invalid_value':
      return `${name} must be one of: ${issue.values.map(String).join(', ')}.`
    default:
      return `${name} is not valid.`
  }
}
