import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventService, Runtime } from '@iapm/runtime';
import type { Models } from '@iapm/runtime/db';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { auditTrail } from './http/audit-trail.ts';
import { requestLogger, silentLogger } from './http/logging.ts';
import { Metrics } from './http/metrics.ts';
import { notFound, problemHandler } from './http/problem.ts';
import { requestContext, sameOrigin } from './http/security.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { catalogRoutes } from './routes/catalog.routes.ts';
import { docsRoutes } from './routes/docs.routes.ts';
import { domainRoutes } from './routes/domain.routes.ts';
import { dossierRoutes } from './routes/dossier.routes.ts';
import { eventRoutes } from './routes/events.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { peopleRoutes } from './routes/people.routes.ts';
import { platformRoutes } from './routes/platform.routes.ts';
import { presetRoutes } from './routes/presets.routes.ts';
import { runRoutes } from './routes/runs.routes.ts';
import { testCaseRoutes } from './routes/test-cases.routes.ts';
import { workflowRoutes } from './routes/workflows.routes.ts';

export interface AppDeps {
  connection: Connection;
  models: Models;
  databaseKind: 'mongodb' | 'ferretdb';
  /**
   * The running runtime: its engine (cancel, retry, decisions, stuck runs), its scheduler (cron triggers of
   * published workflows) and its event service. Without it, runs are read-only and the event API is absent.
   */
  runtime?: Pick<Runtime, 'engine' | 'events' | 'scheduler'>;
  /** The event service alone (the event API is mounted when it, or `runtime`, is given). */
  events?: EventService;
  /** Action types this server has handlers for (the catalog marks the others unavailable). */
  handlerNames?: readonly string[];
  /** Folder of the built studio (served with an SPA fallback) when it exists. */
  studioDir?: string;
  /** The server is reached over HTTPS only: `Secure` cookies and HSTS. */
  secureCookies?: boolean;
  /** Structured logs (pino); silent when absent. */
  logger?: Logger;
  /** Prometheus metrics (`/metrics`); a registry of the app's own when absent. */
  metrics?: Metrics;
  /** When set, `/metrics` asks for this bearer token. */
  metricsToken?: string;
  /** Other origins allowed to call the API from a browser (CORS with credentials); same origin only by default. */
  allowedOrigins?: readonly string[];
  /** Express `trust proxy` (default `loopback`): the proxies whose X-Forwarded-* headers are believed. */
  trustProxy?: string;
  /** True once a graceful shutdown began (`/api/ready` then answers 503 and connections are not kept alive). */
  draining?: () => boolean;
}

/** Builds the Express application without listening (tests drive it with supertest). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const logger = deps.logger ?? silentLogger();
  const metrics = deps.metrics ?? new Metrics({ defaults: false });
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxyValue(deps.trustProxy ?? 'loopback'));
  app.use(requestContext({ hsts: deps.secureCookies ?? false }));
  app.use(metrics.middleware());
  app.use(requestLogger(logger));
  if (deps.draining) {
    const draining = deps.draining;
    app.use((_req, res, next) => {
      // While shutting down, answers still go out but ask the client to reconnect (to another process):
      // decided when the headers are written, so requests already in flight get it too.
      const writeHead = res.writeHead;
      res.writeHead = function (this: typeof res, ...args: unknown[]) {
        if (draining() && !this.headersSent) this.setHeader('connection', 'close');
        return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
      } as typeof res.writeHead;
      next();
    });
  }
  app.use(sameOrigin(deps.allowedOrigins ?? []));
  app.use(express.json({ limit: '1mb' }));
  app.use(
    auditTrail(deps.models, {
      onError: (error, req) => {
        metrics.auditFailures.inc();
        logger.error({ err: error, reqId: req.id }, 'audit entry not written');
      },
    }),
  );
  app.use(
    healthRoutes({
      connection: deps.connection,
      databaseKind: deps.databaseKind,
      metrics,
      ...(deps.metricsToken ? { metricsToken: deps.metricsToken } : {}),
      ...(deps.runtime?.scheduler
        ? { schedulerRunning: () => deps.runtime?.scheduler.agenda.isActiveJobProcessor() ?? false }
        : {}),
      ...(deps.draining ? { draining: deps.draining } : {}),
    }),
  );
  const events = deps.events ?? deps.runtime?.events;
  // The runtime event API first: it is the busiest path, and the routers below never match its paths.
  if (events) app.use(eventRoutes(deps.models, events, { metrics }));
  app.use(docsRoutes());
  app.use(catalogRoutes(deps.handlerNames ? { handlers: deps.handlerNames } : {}));
  app.use(authRoutes(deps.models, { secureCookies: deps.secureCookies ?? false }));
  app.use(peopleRoutes(deps.models));
  app.use(platformRoutes(deps.models));
  app.use(workflowRoutes(deps.models, deps.runtime?.scheduler));
  app.use(testCaseRoutes(deps.models));
  app.use(runRoutes(deps.models, deps.runtime?.engine));
  app.use(presetRoutes(deps.models));
  app.use(domainRoutes(deps.models));
  app.use(dossierRoutes(deps.models, events));
  app.use(auditRoutes(deps.models));
  app.use('/api', (_req, _res, next) => next(notFound()));
  if (deps.studioDir && existsSync(join(deps.studioDir, 'index.html'))) {
    const studioDir = deps.studioDir;
    app.use(express.static(studioDir, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => res.sendFile(join(studioDir, 'index.html')));
  }
  // Whatever is left (another method, a path outside the API without a studio): a problem document too.
  app.use((_req, _res, next) => next(notFound()));
  app.use(problemHandler);
  return app;
}

/** `TRUST_PROXY`: `true`/`false`, a number of hops, or addresses and subnets (comma-separated). */
function trustProxyValue(value: string): boolean | number | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((v) => v.trim());
}
