// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FakeApi, ok } from './helpers/fake-api.js'
import { appInfo, settings } from './helpers/fixtures.js'
import { renderApp } from './helpers/render-app.js'

/** The path a folder or program setting shows. */
function shownPath(name: string): string | null {
  return within(screen.getByRole('group', { name })).getByRole('status').textContent
}

describe('settings page', () => {
  it('shows every setting, and the memory budget only for the memory store', async () => {
    await renderApp(new FakeApi(), '#/settings')
    expect(shownPath('Download folder')).toBe('/home/me/Peerwatch')
    expect((screen.getByLabelText('Keep downloads for (hours)') as HTMLInputElement).value).toBe('24')
    expect((screen.getByLabelText('Close idle torrents after (minutes)') as HTMLInputElement).value).toBe('3')
    expect((screen.getByLabelText('The Pirate Bay API address') as HTMLInputElement).value).toBe(
      'https://apibay.org',
    )
    expect(shownPath('External player')).toBe('VLC, found where it is usually installed')
    const budget = screen.getByLabelText('Memory budget (MB)') as HTMLInputElement
    expect(budget.disabled).toBe(true)
    await userEvent.setup().click(screen.getByLabelText('In memory only'))
    expect(budget.disabled).toBe(false)
  })

  it('checks what was typed before sending, and says what is wrong beside the field', async () => {
    const api = new FakeApi()
    await renderApp(api, '#/settings')
    const user = userEvent.setup()
    const hours = screen.getByLabelText('Keep downloads for (hours)')
    await user.clear(hours)
    await user.type(hours, '0')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    const message = screen.getByText('Keep downloads for must be at least 1 hour.')
    expect(hours.getAttribute('aria-invalid')).toBe('true')
    expect(hours.getAttribute('aria-describedby')).toBe(message.id)
    expect(hours.closest('label')?.nextElementSibling).toBe(message)
    expect(api.sent('settings-set')).toEqual([])
    // Correcting the field takes the message away.
    await user.type(hours, '5')
    expect(screen.queryByText('Keep downloads for must be at least 1 hour.')).toBeNull()
  })

  it("shows the backend's refusal beside the field it names", async () => {
    const error = {
      code: 'BAD_REQUEST' as const,
      message: 'The Pirate Bay address must be a web address starting with http:// or https://.',
      field: 'apibayUrl',
    }
    const api = new FakeApi().answer('settings-set', { ok: false, error })
    await renderApp(api, '#/settings')
    const address = screen.getByLabelText('The Pirate Bay API address')
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save' }))
    const message = await screen.findByText(error.message)
    expect(address.closest('label')?.nextElementSibling).toBe(message)
    expect(address.getAttribute('aria-describedby')).toBe(message.id)
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
    const {
      downloadDir: _folder,
      externalPlayerPath: _player,
      ...fromPage
    } = settings({
      store: 'memory',
      memoryBudgetMB: 512,
    })
    expect(api.sent('settings-set')).toEqual([fromPage])

    api.emit('settings-changed', settings({ retentionHours: 48 }))
    await waitFor(() =>
      expect((screen.getByLabelText('Keep downloads for (hours)') as HTMLInputElement).value).toBe('48'),
    )
  })

  it("never sends a folder or a program from the page: the computer's own dialog picks them", async () => {
    const api = new FakeApi()
      .answer('app-info', ok(appInfo({ shell: 'desktop' })))
      .answer('settings-choose', (p) =>
        ok(
          settings(
            p.setting === 'downloadDir' ? { downloadDir: '/media/films' } : { externalPlayerPath: '' },
          ),
        ),
      )
    await renderApp(api, '#/settings')
    const user = userEvent.setup()
    await user.click(
      within(screen.getByRole('group', { name: 'Download folder' })).getByRole('button', {
        name: 'Choose...',
      }),
    )
    await waitFor(() => expect(shownPath('Download folder')).toBe('/media/films'))
    expect(api.sent('settings-choose')).toEqual([{ setting: 'downloadDir' }])
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(api.sent('settings-set')).toHaveLength(1))
    expect(Object.keys(api.sent('settings-set')[0] ?? {})).not.toContain('downloadDir')
    expect(Object.keys(api.sent('settings-set')[0] ?? {})).not.toContain('externalPlayerPath')
  })

  it('in a browser on the home network says where folders and the player are set', async () => {
    await renderApp(new FakeApi(), '#/settings')
    const folder = screen.getByRole('group', { name: 'Download folder' })
    expect(within(folder).queryByRole('button')).toBeNull()
    expect(folder.textContent).toContain('Set on the computer that runs Peerwatch.')
  })
})
