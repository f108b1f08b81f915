import { contextBridge, ipcRenderer } from 'electron'
import { createPreloadApi } from './preload-api.js'

// A sandboxed preload: the page gets the contract's Api as window.peerwatch and nothing else.
contextBridge.exposeInMainWorld('peerwatch', createPreloadApi(ipcRenderer))
