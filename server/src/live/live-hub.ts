import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Models } from '@iapm/runtime/db';
import { type LiveMessage as LiveMessageType, validateWith } from '@iapm/schemas';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Principal, sessionPrincipal } from '../http/auth.ts';
import type { Metrics } from '../http/metrics.ts';
import { apiRef } from '../http/validate.ts';

/** The path of the live WebSocket. */
export const LIVE_PATH = '/api/ws';

export interface LiveHubOptions {
  models: Models;
  /** Ping interval; a socket that has not answered the previous ping is closed (default 30 s). */
  heartbeatMs?: number;
  /**
   * Most bytes a socket may have waiting to be sent; a consumer that falls that far behind is dropped
   * rather than allowed to grow the server's memory (default 1 MiB).
   */
  maxBufferedBytes?: number;
  /** Sockets one person may hold open at once (default 20; the oldest is closed beyond). */
  maxSocketsPerUser?: number;
  /** Other origins allowed to open the socket (same origin is always allowed). */
  allowedOrigins?: readonly string[];
  metrics?: Metrics;
  log?: (level: 'info' | 'warn', object: Record<string, unknown>, message: string) => void;
}

interface Client {
  ws: WebSocket;
  tenantId: string;
  userId: string;
  role: 'ADMIN' | 'CLIENT';
  cookie: string;
  alive: boolean;
}

/** WebSocket close codes used by the hub. */
export const CLOSE = { goingAway: 1001, policy: 1008, tryAgainLater: 1013, sessionEnded: 4401 } as const;

function refuse(socket: Duplex, status: number, code: string, fr: string, en: string): void {
  const body = JSON.stringify({
    type: `https://iapm.fr/problems/${code}`,
    title: en,
    status,
    code,
    message: { fr, en },
  });
  const reason = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    503: 'Service Unavailable',
  }[status];
  socket.end(
    `HTTP/1.1 ${status} ${reason ?? 'Error'}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The live channel to the studios: `ws` on the HTTP server's `/api/ws`. A socket is opened only by a
 * signed-in person (session cookie, second factor done, firm not suspended, same origin), and receives only
 * its firm's messages: run and gate messages go to the firm's ADMINs, a notification to its addressee only
 * (a CLIENT gets nothing else). Every message is checked against the `LiveMessage` schema before it is
 * sent. Pings every `heartbeatMs`; a socket that misses one, whose session ended, or that lets more than
 * `maxBufferedBytes` pile up unsent is closed.
 */
export class LiveHub {
  private readonly wss: WebSocketServer;
  private readonly byTenant = new Map<string, Set<Client>>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxBuffered: number;
  private readonly maxPerUser: number;
  private closing = false;

  constructor(private readonly options: LiveHubOptions) {
    this.maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    this.maxPerUser = options.maxSocketsPerUser ?? 20;
    // Studios send nothing of substance: a tiny payload limit keeps a client from pushing data at us.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Handles the upgrades of `server` to `/api/ws` (others are refused with 404). */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.upgrade(req, socket, head).catch(() => socket.destroy());
    });
  }

  /** How many sockets are open (all firms). */
  get size(): number {
    let n = 0;
    for (const set of this.byTenant.values()) n += set.size;
    return n;
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== LIVE_PATH) return refuse(socket, 404, 'not-found', 'Introuvable.', 'Not found.');
    if (this.closing)
      return refuse(socket, 503, 'shutting-down', 'Serveur en cours d’arrêt.', 'The server is shutting down.');
    const origin = req.headers.origin;
    if (origin && !this.sameOrigin(origin, req)) {
      return refuse(
        socket,
        403,
        'cross-origin',
        'Requête d’une autre origine refusée.',
        'Cross-origin request refused.',
      );
    }
    const cookie = req.headers.cookie ?? '';
    const principal = await this.check(cookie);
    if (!principal) return refuse(socket, 401, 'unauthorized', 'Authentification requise.', 'Authentication required.');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.add(ws, principal, cookie));
  }

  private sameOrigin(origin: string, req: IncomingMessage): boolean {
    const allowed = (this.options.allowedOrigins ?? []).map((o) => o.replace(/\/$/, '').toLowerCase());
    if (allowed.includes(origin.toLowerCase())) return true;
    try {
      return new URL(origin).host.toLowerCase() === String(req.headers.host ?? '').toLowerCase();
    } catch {
      return false;
    }
  }

  /** The person behind a cookie, if they may hold a live socket now. */
  private async check(cookie: string): Promise<Principal | undefined> {
    const principal = await sessionPrincipal(this.options.models, cookie);
    if (principal?.secondFactor !== 'done' || !principal.tenantId) return undefined;
    if (principal.role !== 'ADMIN' && principal.role !== 'CLIENT') return undefined;
    const tenant = await this.options.models.Tenant.findById(principal.tenantId, { status: 1 }).lean();
    if (!tenant || tenant.status === 'suspended') return undefined;
    return principal;
  }

  private add(ws: WebSocket, principal: Principal, cookie: string): void {
    const client: Client = {
      ws,
      tenantId: principal.tenantId as string,
      userId: principal.id,
      role: principal.role as 'ADMIN' | 'CLIENT',
      cookie,
      alive: true,
    };
    let set = this.byTenant.get(client.tenantId);
    if (!set) {
      set = new Set();
      this.byTenant.set(client.tenantId, set);
    }
    const own = [...set].filter((c) => c.userId === client.userId);
    if (own.length >= this.maxPerUser) this.drop(own[0] as Client, CLOSE.policy, 'too-many-sockets');
    set.add(client);
    this.options.metrics?.liveConnections.inc();
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('message', () => {
      // Nothing is expected from the studio; messages are ignored (the size limit still applies).
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.forget(client));
    this.sendTo(client, {
      type: 'hello',
      userId: client.userId,
      role: client.role,
      heartbeatSeconds: Math.max(1, Math.round((this.options.heartbeatMs ?? 30_000) / 1000)),
    });
  }

  private forget(client: Client): void {
    const set = this.byTenant.get(client.tenantId);
    if (!set?.delete(client)) return;
    this.options.metrics?.liveConnections.dec();
    if (set.size === 0) this.byTenant.delete(client.tenantId);
  }

  private drop(client: Client, code: number, reason: string): void {
    this.options.metrics?.liveDropped.inc({ reason });
    this.options.log?.('info', { tenantId: client.tenantId, userId: client.userId, reason }, 'live socket dropped');
    this.forget(client);
    if (code === CLOSE.tryAgainLater || code === CLOSE.goingAway) {
      // A consumer that cannot keep up would not read a close frame either: cut it at once.
      client.ws.terminate();
    } else {
      client.ws.close(code, reason);
      setTimeout(() => client.ws.terminate(), 2000).unref();
    }
  }

  /**
   * Sends a message to the sockets of one firm that may see it. The message must match `LiveMessage`
   * (a message that does not is not sent: it is reported instead).
   */
  publish(tenantId: string, message: LiveMessageType): void {
    const set = this.byTenant.get(tenantId);
    if (!set || set.size === 0) return;
    const checked = validateWith(apiRef('LiveMessage'), message);
    if (!checked.ok) {
      this.options.log?.('warn', { type: message.type, issues: checked.issues }, 'live message refused by its schema');
      return;
    }
    const data = JSON.stringify(message);
    for (const client of [...set]) {
      if (message.type === 'notification.created') {
        if (message.notification.userId !== client.userId) continue;
      } else if (client.role !== 'ADMIN') continue;
      this.send(client, data, message.type);
    }
  }

  private sendTo(client: Client, message: LiveMessageType): void {
    this.send(client, JSON.stringify(message), message.type);
  }

  private send(client: Client, data: string, type: string): void {
    if (client.ws.readyState !== client.ws.OPEN) return;
    if (client.ws.bufferedAmount + Buffer.byteLength(data) > this.maxBuffered) {
      this.drop(client, CLOSE.tryAgainLater, 'slow-consumer');
      return;
    }
    client.ws.send(data);
    this.options.metrics?.liveMessages.inc({ type });
  }

  private beating = false;

  /** One heartbeat: sockets that missed the last ping are closed, sessions that ended are closed. */
  private async beat(): Promise<void> {
    // A beat that outlasts the interval (a slow database) is not overlapped by the next one.
    if (this.beating) return;
    this.beating = true;
    try {
      await this.beatOnce();
    } finally {
      this.beating = false;
    }
  }

  private async beatOnce(): Promise<void> {
    for (const set of [...this.byTenant.values()]) {
      for (const client of [...set]) {
        if (!client.alive) {
          this.drop(client, CLOSE.goingAway, 'heartbeat');
          continue;
        }
        client.alive = false;
        client.ws.ping();
        const still = await this.check(client.cookie).catch(() => undefined);
        if (!still || still.id !== client.userId) this.drop(client, CLOSE.sessionEnded, 'session-ended');
      }
    }
  }

  /** Closes every socket (1001 going away) and refuses new ones: for a graceful shutdown. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const set of [...this.byTenant.values()])
      for (const client of [...set]) {
        this.forget(client);
        client.ws.close(CLOSE.goingAway, 'server shutting down');
      }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const ws of this.wss.clients) ws.terminate();
  }
}
