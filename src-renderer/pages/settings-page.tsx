import { type FormEvent, useEffect, useState } from 'react'
import {
  type AppInfo,
  MIN_MEMORY_BUDGET_MB,
  type PageSettings,
  requestSchemas,
  type Settings,
} from '../../src-shared/contract.js'
import { LANGUAGE_CODES, languageName } from '../../src-shared/media-labels.js'
import { requestProblem } from '../../src-shared/request-problems.js'
import { useApi } from '../app/api-context.js'
import { EarlierFolders } from '../components/earlier-folders.js'
import { chooseSetting, saveSettings } from '../store/commands.js'
import { useStore } from '../store/store.js'

/** The form keeps what is typed as text; numbers are read on Save, checked here, then by the backend. */
type Form = Record<Exclude<keyof PageSettings, 'store'>, string> & { store: Settings['store'] }

function toForm(s: Settings): Form {
  return {
    retentionHours: String(s.retentionHours),
    idleCloseMinutes: String(s.idleCloseMinutes),
    store: s.store,
    memoryBudgetMB: String(s.memoryBudgetMB),
    apibayUrl: s.apibayUrl,
    audioLanguage: s.audioLanguage,
  }
}

function fromForm(f: Form): PageSettings {
  return {
    ...f,
    retentionHours: Number(f.retentionHours),
    idleCloseMinutes: Number(f.idleCloseMinutes),
    memoryBudgetMB: Number(f.memoryBudgetMB),
    apibayUrl: f.apibayUrl.trim(),
  }
}

export function SettingsPage() {
  const settings = useStore((s) => s.settings)
  return (
    <div className="settings-page">
      <h1>Settings</h1>
      {settings ? <SettingsForm settings={settings} /> : <p role="status">Loading settings...</p>}
    </div>
  )
}

/** A problem with what was typed: beside its field when it is about one, under the form if not. */
type Problem = { message: string; field?: string | undefined } | null

const errorId = (key: string) => `settings-error-${key}`

function useSettingsForm(settings: Settings) {
  const api = useApi()
  const [form, setForm] = useState(() => toForm(settings))
  const [problem, setProblem] = useState<Problem>(null)
  const [saving, setSaving] = useState(false)
  // Saved here or elsewhere (another window, the CLI): show what is in effect now.
  useEffect(() => setForm(toForm(settings)), [settings])
  const invalid = (key: keyof Form) => problem?.field === key
  const field = <K extends keyof Form>(key: K) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => {
      setForm((f) => ({ ...f, [key]: e.target.value }))
      if (invalid(key)) setProblem(null)
    },
    'aria-invalid': invalid(key) || undefined,
    'aria-describedby': invalid(key) ? errorId(key) : undefined,
  })
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const settingsToSave = fromForm(form)
    // Checked here first, with the contract the backend checks against.
    const checked = requestSchemas['settings-set'].safeParse(settingsToSave)
    if (!checked.success) return setProblem(requestProblem(checked.error))
    setSaving(true)
    setProblem(await saveSettings(api, settingsToSave))
    setSaving(false)
  }
  const setError = (message: string | null) => setProblem(message === null ? null : { message })
  return { form, setForm, field, problem, setError, saving, submit }
}

/** The problem with one field, right under it. */
function FieldError({ problem, field }: { problem: Problem; field: keyof Form }) {
  if (problem?.field !== field) return null
  return (
    <p id={errorId(field)} className="inline-error" role="alert">
      {problem.message}
    </p>
  )
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { form, setForm, field, problem, setError, saving, submit } = useSettingsForm(settings)
  const formProblem = problem && !(problem.field && problem.field in form) ? problem.message : null
  return (
    <form
      className="settings-form"
      noValidate
      onSubmit={submit}
      aria-describedby={formProblem ? 'settings-error' : undefined}
    >
      <ChosenPath
        label="Download folder"
        setting="downloadDir"
        value={settings.downloadDir}
        onProblem={setError}
      />
      <EarlierFolders />
      <label>
        Keep downloads for (hours)
        <input type="number" min={1} step="any" {...field('retentionHours')} />
      </label>
      <FieldError problem={problem} field="retentionHours" />
      <label>
        Close idle torrents after (minutes)
        <input type="number" min={0.5} step="any" {...field('idleCloseMinutes')} />
      </label>
      <FieldError problem={problem} field="idleCloseMinutes" />
      <StoreChoice form={form} setForm={setForm} field={field} problem={problem} />
      <label>
        Audio language of films with several
        <select {...field('audioLanguage')}>
          {AUDIO_LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {code ? languageName(code) : "The file's default"}
            </option>
          ))}
        </select>
      </label>
      <label>
        The Pirate Bay API address
        <input type="url" spellCheck={false} {...field('apibayUrl')} />
      </label>
      <FieldError problem={problem} field="apibayUrl" />
      <ChosenPath
        label="External player"
        setting="externalPlayerPath"
        value={settings.externalPlayerPath}
        emptyText="VLC, found where it is usually installed"
        onProblem={setError}
      />
      {formProblem && (
        <p id="settings-error" className="inline-error" role="alert">
          {formProblem}
        </p>
      )}
      <button type="submit" disabled={saving}>
        {saving ? 'Saving...' : 'Save'}
      </button>
      <ConversionInfo />
    </form>
  )
}

/**
 * A folder or a program: shown, and chosen only in the computer's own dialog (desktop), never
 * typed into the page, so no page can point downloads or "Open in VLC" anywhere it likes.
 * In a browser on the home network they are set where `peerwatch serve` runs.
 */
function ChosenPath(props: {
  label: string
  setting: 'downloadDir' | 'externalPlayerPath'
  value: string
  emptyText?: string
  onProblem(message: string | null): void
}) {
  const api = useApi()
  const desktop = useStore((s) => s.appInfo?.shell === 'desktop')
  const [busy, setBusy] = useState(false)
  const choose = async (reset = false) => {
    setBusy(true)
    props.onProblem(await chooseSetting(api, props.setting, reset))
    setBusy(false)
  }
  return (
    <fieldset className="chosen-path">
      <legend>{props.label}</legend>
      <output className="path" aria-label={props.label}>
        {props.value || props.emptyText}
      </output>
      {desktop ? (
        <span className="path-actions">
          <button type="button" disabled={busy} onClick={() => void choose()}>
            Choose...
          </button>
          {props.setting === 'externalPlayerPath' && props.value && (
            <button type="button" disabled={busy} onClick={() => void choose(true)}>
              Find VLC
            </button>
          )}
        </span>
      ) : (
        <span className="muted">Set on the computer that runs Peerwatch.</span>
      )}
    </fieldset>
  )
}

/** '' is the file's own default track. */
const AUDIO_LANGUAGES = ['', ...LANGUAGE_CODES]

/** Which ffmpeg converts what the player cannot decode, so a person knows what to expect. */
function ConversionInfo() {
  const media = useStore((s) => s.appInfo?.media ?? null)
  if (!media) return null
  return (
    <section className="conversion-info" aria-label="Video conversion">
      <h2>Video conversion</h2>
      <p>{toolLine('ffmpeg', media.ffmpeg)}</p>
      <p>{toolLine('ffprobe', media.ffprobe)}</p>
      <p>
        {media.hardwareEncoders.length > 0
          ? `Hardware encoders: ${media.hardwareEncoders.join(', ')} (converted films keep up to 1080p).`
          : 'No hardware encoder works here: films are converted by libx264, scaled to 720p at most.'}
      </p>
    </section>
  )
}

function toolLine(name: string, tool: NonNullable<AppInfo['media']>['ffmpeg']): string {
  if (!tool) return `${name}: not found. Files the player cannot decode can only play in VLC.`
  const where = {
    configured: 'set by PEERWATCH_FFMPEG/FFPROBE',
    system: "this system's",
    bundled: 'bundled with Peerwatch',
  }
  return `${name} ${tool.version} (${where[tool.source]})`
}

function StoreChoice({
  form,
  setForm,
  field,
  problem,
}: {
  form: Form
  setForm(update: (f: Form) => Form): void
  field: ReturnType<typeof useSettingsForm>['field']
  problem: Problem
}) {
  const choose = (store: Settings['store']) => setForm((f) => ({ ...f, store }))
  return (
    <fieldset>
      <legend>Keep downloads</legend>
      <label className="inline">
        <input type="radio" name="store" checked={form.store === 'disk'} onChange={() => choose('disk')} />
        On disk
      </label>
      <label className="inline">
        <input
          type="radio"
          name="store"
          checked={form.store === 'memory'}
          onChange={() => choose('memory')}
        />
        In memory only
      </label>
      <label>
        Memory budget (MB)
        <input
          type="number"
          min={MIN_MEMORY_BUDGET_MB}
          step={1}
          disabled={form.store !== 'memory'}
          {...field('memoryBudgetMB')}
        />
      </label>
      <FieldError problem={problem} field="memoryBudgetMB" />
    </fieldset>
  )
}
