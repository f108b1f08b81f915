import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { type MenuActions, menuTemplate } from '../../src-main/app/menu-template.js'

function recordingActions() {
  const calls: string[] = []
  const actions: MenuActions = {
    openTorrentFile: () => calls.push('open-torrent-file'),
    openMagnetLink: () => calls.push('open-magnet-link'),
    preferences: () => calls.push('preferences'),
  }
  return { actions, calls }
}

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return Array.isArray(item?.submenu) ? item.submenu : []
}

function findItem(menu: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined {
  for (const item of menu) {
    if (item.id === id) return item
    const inner = findItem(submenu(item), id)
    if (inner) return inner
  }
  return undefined
}

const topLabels = (menu: MenuItemConstructorOptions[]) => menu.map((m) => m.label ?? m.role)
const roles = (menu: MenuItemConstructorOptions[]) => menu.filter((m) => m.role).map((m) => m.role)
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.()

describe('the application menu', () => {
  it('on Windows and Linux: File holds open, Preferences and Quit', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const { actions, calls } = recordingActions()
      const menu = menuTemplate(platform, actions, { appName: 'Peerwatch', dev: false })
      expect(topLabels(menu)).toEqual(['File', 'Edit', 'View', 'windowMenu', 'help'])
      const file = submenu(menu[0])
      expect(file.map((i) => i.label ?? i.role ?? i.type)).toEqual([
        'Open Torrent File…',
        'Open Magnet Link…',
        'separator',
        'Preferences…',
        'separator',
        'quit',
      ])
      expect(file.map((i) => i.accelerator).filter(Boolean)).toEqual([
        'CmdOrCtrl+O',
        'CmdOrCtrl+L',
        'CmdOrCtrl+,',
        'CmdOrCtrl+Q',
      ])
      click(findItem(menu, 'open-torrent-file'))
      click(findItem(menu, 'open-magnet-link'))
      click(findItem(menu, 'preferences'))
      expect(calls).toEqual(['open-torrent-file', 'open-magnet-link', 'preferences'])
    }
  })

  it('on macOS: an app menu with Preferences and Quit, File with the open items', () => {
    const { actions, calls } = recordingActions()
    const menu = menuTemplate('darwin', actions, { appName: 'Peerwatch', dev: false })
    expect(topLabels(menu)).toEqual(['Peerwatch', 'File', 'Edit', 'View', 'windowMenu', 'help'])
    const appMenu = submenu(menu[0])
    expect(appMenu.find((i) => i.id === 'preferences')).toMatchObject({
      label: 'Preferences…',
      accelerator: 'CmdOrCtrl+,',
    })
    expect(appMenu.at(-1)).toMatchObject({ role: 'quit', accelerator: 'CmdOrCtrl+Q' })
    expect(roles(appMenu)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit'])
    const file = submenu(menu[1])
    expect(file.map((i) => i.id ?? i.role ?? i.type)).toEqual([
      'open-torrent-file',
      'open-magnet-link',
      'separator',
      'close',
    ])
    expect(findItem(file, 'preferences')).toBeUndefined()
    click(findItem(menu, 'preferences'))
    expect(calls).toEqual(['preferences'])
  })

  it('has the standard Edit roles, so copy and paste work in the search box', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const menu = menuTemplate(platform, recordingActions().actions, { appName: 'Peerwatch', dev: false })
      const edit = submenu(menu.find((m) => m.label === 'Edit'))
      expect(roles(edit)).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']),
      )
    }
  })

  it('offers Reload and the developer tools only in development; fullscreen always', () => {
    const view = (dev: boolean) =>
      roles(submenu(menuTemplate('linux', recordingActions().actions, { appName: 'P', dev })[2]))
    expect(view(false)).toEqual(['togglefullscreen'])
    expect(view(true)).toEqual(['reload', 'forceReload', 'toggleDevTools', 'togglefullscreen'])
  })

  it('keeps Window and Help minimal', () => {
    const linux = menuTemplate('linux', recordingActions().actions, { appName: 'Peerwatch', dev: false })
    expect(roles(submenu(linux[3]))).toEqual(['minimize', 'close'])
    expect(submenu(linux[4])).toEqual([{ role: 'about', label: 'About Peerwatch' }])
    const mac = menuTemplate('darwin', recordingActions().actions, { appName: 'Peerwatch', dev: false })
    expect(roles(submenu(mac[4]))).toEqual(['minimize', 'zoom', 'front'])
  })
})
