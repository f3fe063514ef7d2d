/**
 * Requests started before the screen that needs them is loaded (the editor's code arrives in parallel with its
 * data). A screen takes its prefetched answer once; a failed prefetch (not signed in yet) is asked again.
 */
const pending = new Map<string, Promise<unknown>>();

/** Starts a request now and keeps it under `key`. */
export function prefetch<T>(key: string, load: () => Promise<T>): void {
  const promise = load();
  promise.catch(() => {});
  pending.set(key, promise);
}

/** The prefetched answer under `key` if any (once), else a fresh request; a failed prefetch is retried once. */
export function takeOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
  const found = pending.get(key) as Promise<T> | undefined;
  pending.delete(key);
  return found ? found.catch(load) : load();
}
