import { type RefObject, useEffect, useState } from 'react'

/** How long the pointer may rest over a playing film before the controls step aside. */
export const CONTROLS_IDLE_MS = 3000

/**
 * Whether the player's overlay controls show: always while paused; while playing, from any
 * pointer movement, touch or key until the pointer has rested (or left) for CONTROLS_IDLE_MS.
 * A control with keyboard focus keeps them up.
 */
export function useControlsVisibility(
  areaRef: RefObject<HTMLElement | null>,
  controlsRef: RefObject<HTMLElement | null>,
  paused: boolean,
): boolean {
  const [awake, setAwake] = useState(true)
  useEffect(() => {
    const area = areaRef.current
    if (!area) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const focusInControls = () => controlsRef.current?.contains(document.activeElement) ?? false
    const sleep = () => {
      if (!focusInControls()) setAwake(false)
    }
    const wake = () => {
      setAwake(true)
      clearTimeout(timer)
      timer = setTimeout(sleep, CONTROLS_IDLE_MS)
    }
    const left = () => {
      clearTimeout(timer)
      sleep()
    }
    wake()
    const areaEvents = ['pointermove', 'pointerdown', 'focusin'] as const
    for (const name of areaEvents) area.addEventListener(name, wake)
    area.addEventListener('pointerleave', left)
    document.addEventListener('keydown', wake)
    return () => {
      clearTimeout(timer)
      for (const name of areaEvents) area.removeEventListener(name, wake)
      area.removeEventListener('pointerleave', left)
      document.removeEventListener('keydown', wake)
    }
  }, [areaRef, controlsRef])
  return awake || paused
}
