import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { LiveConnection, type LiveMessage, type LiveStatus, liveUrl } from './live-connection.ts';

/** How often screens reload by themselves while the live connection is down (and only then). */
export const FALLBACK_POLL_MS = 20_000;
/** Messages that arrive together cause one reload. */
const COALESCE_MS = 150;
/**
 * A message tells of a transition as the engine makes it; what the REST API reads (the run's checkpoint in
 * lists, a validation request) is written a moment later. One more reload after the messages stop catches it.
 */
const SETTLE_MS = 1500;

interface LiveContextValue {
  connection: LiveConnection | undefined;
  status: LiveStatus;
}

const LiveContext = createContext<LiveContextValue>({ connection: undefined, status: 'stopped' });

/**
 * One live connection per signed-in page (`enabled`), shared by every screen under it. Stopped when the
 * person signs out; it reconnects at once when the page comes back online or becomes visible again.
 */
export function LiveProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [value, setValue] = useState<LiveContextValue>({ connection: undefined, status: 'stopped' });
  useEffect(() => {
    if (!enabled) return;
    const connection = new LiveConnection(liveUrl(window.location));
    const unsubscribe = connection.onStatus((status) => setValue({ connection, status }));
    const wake = () => {
      if (document.visibilityState === 'visible') connection.retryNow();
    };
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    connection.start();
    setValue({ connection, status: connection.status });
    return () => {
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
      unsubscribe();
      connection.stop();
      setValue({ connection: undefined, status: 'stopped' });
    };
  }, [enabled]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** The live connection's status (`open` while messages flow). */
export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext).status;
}

/** Calls `handler` with every live message while the component is mounted. */
export function useLiveMessages(handler: (message: LiveMessage) => void): void {
  const { connection } = useContext(LiveContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => connection?.subscribe((m) => latest.current(m)), [connection]);
}

/**
 * Keeps a screen's data current: `load` runs at once, again (coalesced, one call at a time) after each live
 * message `relevant` accepts, once when the connection comes back (to catch what was missed), and every
 * `FALLBACK_POLL_MS` while the connection is down and the page is visible. Nothing runs when `active` is false.
 */
export function useLiveData(
  load: () => Promise<unknown>,
  relevant: (message: LiveMessage) => boolean,
  active = true,
  fallbackMs = FALLBACK_POLL_MS,
): void {
  const { connection, status } = useContext(LiveContext);
  const latest = useRef({ load, relevant });
  latest.current = { load, relevant };
  const runner = useRef<{
    busy: boolean;
    again: boolean;
    timer?: ReturnType<typeof setTimeout>;
    settle?: ReturnType<typeof setTimeout>;
  }>({ busy: false, again: false });

  const reload = useRef(async () => {
    const r = runner.current;
    if (r.busy) {
      r.again = true;
      return;
    }
    r.busy = true;
    try {
      do {
        r.again = false;
        await latest.current.load().catch(() => {});
      } while (r.again);
    } finally {
      r.busy = false;
    }
  }).current;

  // The first load, and a new one whenever `load` changes (filters) or the screen becomes active.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `load` (other filters) reads again
  useEffect(() => {
    if (active) void reload();
  }, [active, load, reload]);

  // Live messages.
  useEffect(() => {
    if (!active || !connection) return;
    const r = runner.current;
    const unsubscribe = connection.subscribe((message) => {
      if (!latest.current.relevant(message)) return;
      clearTimeout(r.timer);
      clearTimeout(r.settle);
      r.timer = setTimeout(() => void reload(), COALESCE_MS);
      r.settle = setTimeout(() => void reload(), SETTLE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(r.timer);
      clearTimeout(r.settle);
    };
  }, [active, connection, reload]);

  // Back online: what happened meanwhile was not pushed, so read it once.
  const wasOpen = useRef(status === 'open');
  useEffect(() => {
    const open = status === 'open';
    if (open && !wasOpen.current && active) void reload();
    wasOpen.current = open;
  }, [status, active, reload]);

  // The slow fallback while the connection is down.
  useEffect(() => {
    if (!active || status === 'open') return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, fallbackMs);
    return () => clearInterval(timer);
  }, [active, status, fallbackMs, reload]);
}
