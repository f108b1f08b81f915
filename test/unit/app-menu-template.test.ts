import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { type MenuActions, menuTemplate } from '../../src-main/app/menu-template.js'

/** Every action the app offers: a new one in MenuActions does not compile here until listed. */
const ACTIONS: Record<keyof MenuActions, true> = {
  openTorrentFile: true,
  openMagnetLink: true,
  preferences: true,
}
const ACTION_NAMES = Object.keys(ACTIONS) as Array<keyof MenuActions>

function recordingActions() {
  const calls: Array<keyof MenuActions> = []
  const actions = Object.fromEntries(
    ACTION_NAMES.map((name) => [name, () => calls.push(name)]),
  ) as unknown as MenuActions
  return { actions, calls }
}

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return Array.isArray(item?.submenu) ? item.submenu : []
}

/** Every item, submenus included, depth first. */
function allItems(menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((item) => [item, ...allItems(submenu(item))])
}

const roles = (menu: MenuItemConstructorOptions[]) => menu.filter((m) => m.role).map((m) => m.role)
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.()

const PLATFORMS = ['darwin', 'win32', 'linux'] as const
const menus = () =>
  PLATFORMS.flatMap((platform) =>
    [false, true].map((dev) => {
      const { actions, calls } = recordingActions()
      return { platform, dev, calls, menu: menuTemplate(platform, actions, { appName: 'Peerwatch', dev }) }
    }),
  )

describe('the application menu', () => {
  it('reaches every action of the app, once, from a labelled item, on every platform', () => {
    for (const { platform, menu, calls } of menus()) {
      const clickable = allItems(menu).filter((item) => item.click)
      for (const item of clickable) expect(item.label, platform).toBeTruthy()
      for (const item of clickable) click(item)
      expect([...calls].sort(), platform).toEqual([...ACTION_NAMES].sort())
    }
  })

  it('gives every shortcut to one item only, and the everyday ones a shortcut', () => {
    for (const { platform, menu, calls } of menus()) {
      const items = allItems(menu)
      const accelerators = items.flatMap((item) => (item.accelerator ? [item.accelerator.toLowerCase()] : []))
      expect(new Set(accelerators).size, `${platform}: ${accelerators.join(', ')}`).toBe(accelerators.length)
      // Opening something is what the app is for: both ways of opening have a shortcut.
      for (const item of items.filter((i) => i.accelerator)) click(item)
      expect(calls, platform).toEqual(expect.arrayContaining(['openTorrentFile', 'openMagnetLink']))
    }
  })

  it('lets the user quit from the menu on every platform, from the app menu on macOS', () => {
    for (const { platform, menu } of menus()) {
      const quit = allItems(menu).filter((item) => item.role === 'quit')
      expect(quit, platform).toHaveLength(1)
      if (platform === 'darwin') {
        // macOS convention: the first menu is the app's, with Quit and Preferences in it.
        expect(menu[0]?.label).toBe('Peerwatch')
        expect(roles(submenu(menu[0]))).toContain('quit')
        const { actions, calls } = recordingActions()
        for (const item of submenu(menuTemplate('darwin', actions, { appName: 'Peerwatch', dev: false })[0]))
          click(item)
        expect(calls).toEqual(['preferences'])
      }
    }
  })

  it('has the standard Edit roles in one menu, so copy and paste work in the search box', () => {
    for (const { platform, menu } of menus()) {
      const edit = menu.find((m) => roles(submenu(m)).includes('paste'))
      expect(roles(submenu(edit)), platform).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']),
      )
    }
  })

  it('offers Reload and the developer tools only in development; fullscreen, About, minimize and close always', () => {
    const devOnly = ['reload', 'forceReload', 'toggleDevTools']
    for (const { platform, dev, menu } of menus()) {
      const all = roles(allItems(menu))
      for (const role of devOnly)
        expect(all.includes(role as never), `${platform} dev=${dev} ${role}`).toBe(dev)
      expect(all, platform).toEqual(
        expect.arrayContaining(['togglefullscreen', 'about', 'minimize', 'close']),
      )
    }
  })

  it('has no item that does nothing', () => {
    for (const { platform, menu } of menus())
      for (const item of allItems(menu))
        expect(
          Boolean(item.role || item.click || Array.isArray(item.submenu) || item.type === 'separator'),
          `${platform}: ${JSON.stringify(item)}`,
        ).toBe(true)
  })
})
