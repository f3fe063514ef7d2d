import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventService, Runtime } from '@iapm/runtime';
import type { Models } from '@iapm/runtime/db';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import { notFound, problemHandler } from './http/problem.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { catalogRoutes } from './routes/catalog.routes.ts';
import { eventRoutes } from './routes/events.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { peopleRoutes } from './routes/people.routes.ts';
import { platformRoutes } from './routes/platform.routes.ts';
import { presetRoutes } from './routes/presets.routes.ts';
import { runRoutes } from './routes/runs.routes.ts';
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
  secureCookies?: boolean;
}

/** Builds the Express application without listening (tests drive it with supertest). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    res.set('x-request-id', incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID());
    res.set('x-content-type-options', 'nosniff');
    res.set('referrer-policy', 'same-origin');
    res.set('x-frame-options', 'DENY');
    res.set(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
    );
    next();
  });
  app.use(express.json({ limit: '1mb' }));
  app.use(healthRoutes(deps.connection, deps.databaseKind));
  app.use(catalogRoutes(deps.handlerNames ? { handlers: deps.handlerNames } : {}));
  app.use(authRoutes(deps.models, { secureCookies: deps.secureCookies ?? false }));
  app.use(peopleRoutes(deps.models));
  app.use(platformRoutes(deps.models));
  app.use(workflowRoutes(deps.models, deps.runtime?.scheduler));
  app.use(runRoutes(deps.models, deps.runtime?.engine));
  app.use(presetRoutes(deps.models));
  const events = deps.events ?? deps.runtime?.events;
  if (events) app.use(eventRoutes(deps.models, events));
  app.use('/api', (_req, _res, next) => next(notFound()));
  if (deps.studioDir && existsSync(join(deps.studioDir, 'index.html'))) {
    const studioDir = deps.studioDir;
    app.use(express.static(studioDir, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => res.sendFile(join(studioDir, 'index.html')));
  }
  app.use(problemHandler);
  return app;
}
