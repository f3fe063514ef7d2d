import type { LiveMessage } from '@iapm/schemas';

export type { LiveMessage };

/** Where the connection stands: `open` while messages flow, `reconnecting` between attempts. */
export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped';

/** The browser's WebSocket, or a compatible constructor (tests use the `ws` package's). */
export type SocketConstructor = new (url: string) => WebSocket;

export interface LiveConnectionOptions {
  /** First delay before reconnecting (default 1 s); it doubles on each failure up to `maxDelayMs`. */
  baseDelayMs?: number;
  /** Longest delay between two attempts (default 30 s). */
  maxDelayMs?: number;
  /** Random source of the jitter (tests pin it). */
  random?: () => number;
  /** The socket constructor (default: the page's `WebSocket`). */
  Socket?: SocketConstructor;
}

/**
 * The delay before reconnection attempt `attempt` (0 for the first): exponential from `base`, capped at
 * `max`, with a random part (between half and all of it) so that studios do not all come back at once.
 * @example backoffDelay(0, 1000, 30000, () => 1) // 1000
 * @example backoffDelay(10, 1000, 30000, () => 0) // 15000
 */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number = Math.random): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** The address of the live socket of the page's server. */
export function liveUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
}

const KNOWN_TYPES = new Set([
  'hello',
  'run.updated',
  'run.step',
  'validation.created',
  'validation.decided',
  'notification.created',
  'workspace.updated',
]);

/** A message as the server sent it, or undefined when it is not one the studio knows. */
export function parseLiveMessage(data: unknown): LiveMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as { type?: unknown };
    return value && typeof value === 'object' && KNOWN_TYPES.has(String(value.type))
      ? (value as LiveMessage)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One live connection to the server's `/api/ws`: it reconnects by itself after a drop (exponential backoff
 * with jitter, at once when the page comes back online), tells its status, and hands every message to its
 * listeners. The server only pushes ids and statuses; listeners read the details through the REST API.
 */
export class LiveConnection {
  private socket: WebSocket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private current: LiveStatus = 'stopped';
  private readonly listeners = new Set<(message: LiveMessage) => void>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private readonly base: number;
  private readonly max: number;
  private readonly random: () => number;
  private readonly Socket: SocketConstructor;

  constructor(
    private readonly url: string,
    options: LiveConnectionOptions = {},
  ) {
    this.base = options.baseDelayMs ?? 1000;
    this.max = options.maxDelayMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.Socket = options.Socket ?? WebSocket;
  }

  get status(): LiveStatus {
    return this.current;
  }

  /** Opens the connection (and keeps it open until `stop`). */
  start(): void {
    if (this.current !== 'stopped') return;
    this.attempt = 0;
    this.open('connecting');
  }

  /** Closes the connection for good (no reconnection). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close(1000, 'page closed');
    }
    this.setStatus('stopped');
  }

  /** Reconnects now rather than after the pending delay (the page became visible, or came back online). */
  retryNow(): void {
    if (this.current !== 'reconnecting' || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.open('reconnecting');
  }

  /** Calls `listener` with every message; returns the unsubscription. */
  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` on every change of status; returns the unsubscription. */
  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }

  private open(status: 'connecting' | 'reconnecting'): void {
    this.setStatus(status);
    let socket: WebSocket;
    try {
      socket = new this.Socket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      // Open means the server accepted the session; the backoff starts over after the next drop.
      this.attempt = 0;
      this.setStatus('open');
    };
    socket.onmessage = (event: MessageEvent) => {
      const message = parseLiveMessage(event.data);
      if (!message) return;
      for (const listener of [...this.listeners]) {
        try {
          listener(message);
        } catch {
          // One screen's handler failing must not stop the others.
        }
      }
    };
    socket.onerror = () => {
      // A close always follows; reconnection is decided there.
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.current === 'stopped') return;
    this.setStatus('reconnecting');
    const delay = backoffDelay(this.attempt, this.base, this.max, this.random);
    this.attempt += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.open('reconnecting');
    }, delay);
  }
}
