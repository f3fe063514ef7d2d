import { once } from 'node:events';
import type { Server } from 'node:http';
import {
  type ActionHandlers,
  type CesedaData,
  InProcessLiveChannel,
  NotificationDelivery,
  type Runtime,
  type SmtpSettings,
  startRuntime,
} from '@iapm/runtime';
import { type Models, onWorkspaceChange } from '@iapm/runtime/db';
import type { LiveMessage } from '@iapm/schemas';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { silentLogger } from './http/logging.ts';
import { Metrics } from './http/metrics.ts';
import { SharedLiveFeed } from './live/live-feed.ts';
import { LiveHub } from './live/live-hub.ts';
import { fromRuntime, runLiveBridge } from './live/run-bridge.ts';
import { startHousekeeping } from './services/housekeeping.ts';

export interface ServerOptions {
  connection: Connection;
  models: Models;
  databaseKind: 'mongodb' | 'ferretdb';
  handlers: ActionHandlers;
  /** Where notifications are published (the hub relays them); a new channel when absent. */
  live?: InProcessLiveChannel;
  smtp?: SmtpSettings | undefined;
  port: number;
  host: string;
  logger?: Logger;
  studioDir?: string;
  secureCookies?: boolean;
  allowedOrigins?: readonly string[];
  metricsToken?: string;
  trustProxy?: string;
  /** How long a shutdown waits for requests in flight before cutting connections (default 10 s). */
  shutdownGraceMs?: number;
  runtime?: { processEvery?: number; workerId?: string };
  /** CESEDA rules and checklists: checklist ticking, urgency and the deadline watcher (none when absent). */
  ceseda?: CesedaData;
  liveHub?: { heartbeatMs?: number; maxBufferedBytes?: number };
  /**
   * `shared`: live messages also pass through the database to the other server processes sharing it
   * (`LIVE_FEED=shared`, see live/live-feed.ts); `local` (default): each process tells its own sockets only.
   */
  liveFeed?: 'local' | 'shared';
  /** How often the shared feed is read (default 500 ms). */
  liveFeedPollMs?: number;
}

export interface RunningServer {
  server: Server;
  port: number;
  runtime: Runtime;
  hub: LiveHub;
  metrics: Metrics;
  /**
   * Graceful shutdown: `/api/ready` answers 503 at once, live sockets are closed, no new connection is
   * accepted, requests in flight are finished (up to the grace period), then Agenda stops (its job locks
   * are released) and the engine stops (runs in progress reach their next checkpoint and their leases are
   * released), and notification delivery stops. The database is the caller's to close.
   */
  stop(): Promise<void>;
}

/**
 * Starts the runtime (engine, Agenda, event service) with the live bridge, the notification delivery, the
 * HTTP API and the WebSocket hub on one port.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger();
  const metrics = new Metrics();
  const live = options.live ?? new InProcessLiveChannel();
  const hub = new LiveHub({
    models: options.models,
    metrics,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.liveHub ?? {}),
    log: (level, object, message) => logger[level](object, message),
  });
  const feed =
    options.liveFeed === 'shared'
      ? new SharedLiveFeed(options.connection, {
          deliver: (tenantId, message) => hub.publish(tenantId, message),
          ...(options.liveFeedPollMs ? { pollMs: options.liveFeedPollMs } : {}),
          log: (error) => logger.warn({ err: error }, 'shared live feed'),
        }).start()
      : undefined;
  /** Tells this process's sockets, and the other processes' through the shared feed when there is one. */
  const publish = (tenantId: string, message: LiveMessage) => {
    hub.publish(tenantId, message);
    feed?.publish(tenantId, message);
  };
  const runtime = await startRuntime(options.connection, options.handlers, {
    ...(options.runtime ?? {}),
    ...(options.ceseda ? { ceseda: options.ceseda } : {}),
    onTransition: runLiveBridge(publish),
  });
  const unsubscribe = live.subscribe((tenantId, message) => {
    const relayed = fromRuntime(message);
    if (relayed) publish(tenantId, relayed);
  });
  const stopDelivery = new NotificationDelivery(options.connection, { live, smtp: options.smtp }).start();
  // A case's screens are told when its timeline grows, whoever wrote to it in this process.
  const stopCaseNews = onWorkspaceChange(options.connection, (change) =>
    publish(change.tenantId, {
      type: 'workspace.updated',
      workspaceId: change.workspaceId,
      kind: change.kind,
      at: change.at.toISOString(),
    }),
  );
  const stopHousekeeping = startHousekeeping(options.models, {
    onError: (error) => logger.warn({ err: error }, 'housekeeping failed'),
  });
  let draining = false;
  const app = createApp({
    connection: options.connection,
    models: options.models,
    databaseKind: options.databaseKind,
    runtime,
    handlerNames: Object.keys(options.handlers),
    logger,
    metrics,
    draining: () => draining,
    ...(options.studioDir ? { studioDir: options.studioDir } : {}),
    ...(options.secureCookies ? { secureCookies: true } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
  });
  const server = app.listen(options.port, options.host);
  await once(server, 'listening');
  hub.attach(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      draining = true;
      logger.info({}, 'shutting down: draining requests in flight');
      const closed = once(server, 'close');
      server.close();
      server.closeIdleConnections();
      await hub.close();
      const force = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
      // Keep-alive connections that become idle after their last answer are closed as they do.
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      await closed;
      clearTimeout(force);
      clearInterval(idle);
      unsubscribe();
      stopDelivery();
      stopHousekeeping();
      stopCaseNews();
      await feed?.stop();
      await runtime.stop();
      logger.info({}, 'stopped');
    })();
    return stopping;
  };
  return { server, port, runtime, hub, metrics, stop };
}
