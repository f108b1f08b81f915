import { type FormEvent, useRef, useState } from 'react'
import { requestSchemas } from '../../src-shared/contract.js'
import { requestProblem } from '../../src-shared/request-problems.js'
import { useApi } from '../app/api-context.js'
import { useFocusRequest } from '../hooks/use-focus-request.js'
import { classifyInput } from '../input-kind.js'
import { openAndPlay, runSearch } from '../store/commands.js'
import { navigate } from '../store/navigation.js'
import { DEFAULT_CATEGORY, type SearchCategory } from '../store/routes.js'
import { useStore } from '../store/store.js'

interface Props {
  initial?: string
  category?: SearchCategory
  autoFocus?: boolean
}

const LABEL = 'Search a film or paste a magnet link'

/** One box for everything: a link or infohash opens the torrent, anything else searches. */
export function SearchBox({ initial = '', category = DEFAULT_CATEGORY, autoFocus = false }: Props) {
  const api = useApi()
  const [text, setText] = useState(initial)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  // Only the home page's box (the one with autoFocus) answers the menu's "Open Magnet Link…".
  useFocusRequest(input, autoFocus)

  const searchFor = (query: string) => {
    const { route } = useStore.getState()
    // The same search again (to refresh it) changes no URL, so ask directly.
    if (route.page === 'results' && route.query === query && route.category === category) {
      void runSearch(api, query, category)
    } else {
      navigate({ page: 'results', query, category })
    }
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const input = classifyInput(text)
    if (input.kind === 'empty') return
    // What the engine would refuse (a pasted page of text, a 100 KB "magnet") is said here, in words.
    const checked =
      input.kind === 'search'
        ? requestSchemas.search.safeParse({ query: input.query })
        : requestSchemas['wt-add'].safeParse({ torrentId: input.torrentId })
    if (!checked.success) return setProblem(requestProblem(checked.error).message)
    setProblem(null)
    if (input.kind === 'search') return searchFor(input.query)
    setBusy(true)
    try {
      await openAndPlay(api, { torrentId: input.torrentId })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="search-box" onSubmit={submit}>
      <label htmlFor="search-input" className="visually-hidden">
        {LABEL}
      </label>
      <input
        ref={input}
        id="search-input"
        type="text"
        value={text}
        placeholder={LABEL}
        autoComplete="off"
        spellCheck={false}
        // biome-ignore lint/a11y/noAutofocus: the home page is this one box
        autoFocus={autoFocus}
        aria-invalid={problem !== null || undefined}
        aria-describedby={problem ? 'search-problem' : undefined}
        onChange={(e) => {
          setText(e.target.value)
          setProblem(null)
        }}
      />
      <button type="submit" disabled={busy || !text.trim()}>
        {busy ? 'Opening...' : 'Go'}
      </button>
      {problem && (
        <p id="search-problem" className="inline-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}
