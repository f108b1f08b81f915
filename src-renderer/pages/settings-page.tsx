import { type FormEvent, useEffect, useState } from 'react'
import type { Settings } from '../../src-preload/contract.js'
import { useApi } from '../app/api-context.js'
import { saveSettings } from '../store/commands.js'
import { useStore } from '../store/store.js'

/** The form keeps what is typed as text; numbers are read on Save and checked by the backend. */
type Form = Record<Exclude<keyof Settings, 'store'>, string> & { store: Settings['store'] }

function toForm(s: Settings): Form {
  return {
    downloadDir: s.downloadDir,
    retentionHours: String(s.retentionHours),
    idleCloseMinutes: String(s.idleCloseMinutes),
    store: s.store,
    memoryBudgetMB: String(s.memoryBudgetMB),
    apibayUrl: s.apibayUrl,
    externalPlayerPath: s.externalPlayerPath,
  }
}

function fromForm(f: Form): Settings {
  return {
    ...f,
    downloadDir: f.downloadDir.trim(),
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

function useSettingsForm(settings: Settings) {
  const api = useApi()
  const [form, setForm] = useState(() => toForm(settings))
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  // Saved here or elsewhere (another window, the CLI): show what is in effect now.
  useEffect(() => setForm(toForm(settings)), [settings])
  const field = <K extends keyof Form>(key: K) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  })
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setSaving(true)
    setError(await saveSettings(api, fromForm(form)))
    setSaving(false)
  }
  return { form, setForm, field, error, saving, submit }
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { form, setForm, field, error, saving, submit } = useSettingsForm(settings)
  return (
    <form
      className="settings-form"
      noValidate
      onSubmit={submit}
      aria-describedby={error ? 'settings-error' : undefined}
    >
      <label>
        Download folder
        <input type="text" spellCheck={false} {...field('downloadDir')} />
      </label>
      <label>
        Keep downloads for (hours)
        <input type="number" min={1} step="any" {...field('retentionHours')} />
      </label>
      <label>
        Close idle torrents after (minutes)
        <input type="number" min={0.5} step="any" {...field('idleCloseMinutes')} />
      </label>
      <StoreChoice form={form} setForm={setForm} />
      <label>
        The Pirate Bay API address
        <input type="url" spellCheck={false} {...field('apibayUrl')} />
      </label>
      <label>
        <span>
          External player path <span className="muted">(empty: find VLC)</span>
        </span>
        <input type="text" spellCheck={false} {...field('externalPlayerPath')} />
      </label>
      {error && (
        <p id="settings-error" className="inline-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={saving}>
        {saving ? 'Saving...' : 'Save'}
      </button>
    </form>
  )
}

function StoreChoice({ form, setForm }: { form: Form; setForm(update: (f: Form) => Form): void }) {
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
          min={16}
          step={1}
          disabled={form.store !== 'memory'}
          value={form.memoryBudgetMB}
          onChange={(e) => setForm((f) => ({ ...f, memoryBudgetMB: e.target.value }))}
        />
      </label>
    </fieldset>
  )
}
