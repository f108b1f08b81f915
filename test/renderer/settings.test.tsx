// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FakeApi, ok } from './helpers/fake-api.js'
import { settings } from './helpers/fixtures.js'
import { renderApp } from './helpers/render-app.js'

describe('settings page', () => {
  it('shows every setting, and the memory budget only for the memory store', async () => {
    await renderApp(new FakeApi(), '#/settings')
    expect((screen.getByLabelText('Download folder') as HTMLInputElement).value).toBe('/home/me/Peerwatch')
    expect((screen.getByLabelText('Keep downloads for (hours)') as HTMLInputElement).value).toBe('24')
    expect((screen.getByLabelText('Close idle torrents after (minutes)') as HTMLInputElement).value).toBe('3')
    expect((screen.getByLabelText('The Pirate Bay API address') as HTMLInputElement).value).toBe(
      'https://apibay.org',
    )
    expect(screen.getByLabelText(/External player path/)).toBeTruthy()
    const budget = screen.getByLabelText('Memory budget (MB)') as HTMLInputElement
    expect(budget.disabled).toBe(true)
    await userEvent.setup().click(screen.getByLabelText('In memory only'))
    expect(budget.disabled).toBe(false)
  })

  it('shows the backend validation message next to the form', async () => {
    const message = 'retentionHours: Too small: expected number to be >=1'
    const api = new FakeApi().answer('settings-set', { ok: false, error: { code: 'BAD_REQUEST', message } })
    await renderApp(api, '#/settings')
    const user = userEvent.setup()
    const hours = screen.getByLabelText('Keep downloads for (hours)')
    await user.clear(hours)
    await user.type(hours, '0')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText(message)).toBeTruthy()
    expect(api.sent('settings-set')[0]).toMatchObject({ retentionHours: 0, store: 'disk' })
  })

  it('saves, says so, and follows settings changed elsewhere', async () => {
    const api = new FakeApi().answer('settings-set', (p) => ok(settings(p)))
    await renderApp(api, '#/settings')
    const user = userEvent.setup()
    await user.click(screen.getByLabelText('In memory only'))
    const budget = screen.getByLabelText('Memory budget (MB)')
    await user.clear(budget)
    await user.type(budget, '512')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Settings saved')).toBeTruthy()
    expect(api.sent('settings-set')).toEqual([settings({ store: 'memory', memoryBudgetMB: 512 })])

    api.emit('settings-changed', settings({ retentionHours: 48 }))
    await waitFor(() =>
      expect((screen.getByLabelText('Keep downloads for (hours)') as HTMLInputElement).value).toBe('48'),
    )
  })
})
