import { create, type StateCreator } from 'zustand'
import { type AppSlice, createAppSlice } from './app-slice.js'
import { createSearchSlice, type SearchSlice } from './search-slice.js'
import { createToastsSlice, type ToastsSlice } from './toasts-slice.js'
import { createTorrentsSlice, type TorrentsSlice } from './torrents-slice.js'

export type StoreState = AppSlice & TorrentsSlice & SearchSlice & ToastsSlice
export type SliceCreator<T> = StateCreator<StoreState, [], [], T>

/** The one store. Components read it with selectors; engine events write it through actions. */
export const useStore = create<StoreState>()((...a) => ({
  ...createAppSlice(...a),
  ...createTorrentsSlice(...a),
  ...createSearchSlice(...a),
  ...createToastsSlice(...a),
}))

const initialState = useStore.getState()

/** Back to a fresh store (tests; the app itself never needs it). */
export function resetStore(): void {
  useStore.setState(initialState, true)
}
