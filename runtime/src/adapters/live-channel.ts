/** A message pushed to the connected studios of one firm (the server's WebSocket relays it). */
export interface LiveMessage {
  type: string;
  [field: string]: unknown;
}

/** Where the runtime publishes live messages; the server's WebSocket hub subscribes to it. */
export interface LiveChannel {
  publish(tenantId: string, message: LiveMessage): void;
}

export type LiveListener = (tenantId: string, message: LiveMessage) => void;

/**
 * The in-process live channel: `publish` hands the message to every subscriber synchronously. A subscriber
 * that throws does not stop the others (a broken socket must not lose a notification for the rest).
 */
export class InProcessLiveChannel implements LiveChannel {
  private readonly listeners = new Set<LiveListener>();

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(tenantId: string, message: LiveMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(tenantId, message);
      } catch {
        // One subscriber's failure is its own.
      }
    }
  }
}
