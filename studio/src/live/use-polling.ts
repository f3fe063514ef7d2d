import { useEffect, useRef } from 'react';

/** How often lists refresh themselves. */
export const POLL_MS = 2500;

/**
 * Calls `load` now and then every `intervalMs` while the page is visible, one call at a time, until the
 * component goes away or `active` turns false. Live updates come this way until the server pushes them.
 */
export function usePolling(load: () => Promise<unknown>, active = true, intervalMs = POLL_MS): void {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (stopped) return;
      if (document.visibilityState === 'visible') await latest.current().catch(() => {});
      if (!stopped) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, intervalMs]);
}
