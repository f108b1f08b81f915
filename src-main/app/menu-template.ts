import type { MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  openTorrentFile(): void
  openMagnetLink(): void
  preferences(): void
}

export interface MenuOptions {
  appName: string
  /** Development builds get Reload and the developer tools. */
  dev: boolean
}

/** The application menu for one OS: pure, so every platform's menu can be checked anywhere. */
export function menuTemplate(
  platform: NodeJS.Platform,
  actions: MenuActions,
  { appName, dev }: MenuOptions,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const preferences: MenuItemConstructorOptions = {
    id: 'preferences',
    label: 'Preferences…',
    accelerator: 'CmdOrCtrl+,',
    click: () => actions.preferences(),
  }
  const open: MenuItemConstructorOptions[] = [
    {
      id: 'open-torrent-file',
      label: 'Open Torrent File…',
      accelerator: 'CmdOrCtrl+O',
      click: () => actions.openTorrentFile(),
    },
    {
      id: 'open-magnet-link',
      label: 'Open Magnet Link…',
      accelerator: 'CmdOrCtrl+L',
      click: () => actions.openMagnetLink(),
    },
  ]
  const quit: MenuItemConstructorOptions = { id: 'quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' }
  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      preferences,
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      quit,
    ],
  }
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: mac
      ? [...open, { type: 'separator' }, { role: 'close' }]
      : [...open, { type: 'separator' }, preferences, { type: 'separator' }, quit],
  }
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(dev
        ? ([
            { role: 'reload' },
            { role: 'forceReload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] satisfies MenuItemConstructorOptions[])
        : []),
      { role: 'togglefullscreen' },
    ],
  }
  const windowMenu: MenuItemConstructorOptions = {
    role: 'windowMenu',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: mac ? [] : [{ role: 'about', label: `About ${appName}` }],
  }
  return [...(mac ? [appMenu] : []), file, editMenu(mac), view, windowMenu, help]
}

function editMenu(mac: boolean): MenuItemConstructorOptions {
  return {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? ([{ role: 'pasteAndMatchStyle' }] satisfies MenuItemConstructorOptions[]) : []),
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  }
}
