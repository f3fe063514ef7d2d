import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventService } from '@iapm/runtime';
import type { Models } from '@iapm/runtime/db';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import { notFound, problemHandler } from './http/problem.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { catalogRoutes } from './routes/catalog.routes.ts';
import { eventRoutes } from './routes/events.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';

export interface AppDeps {
  connection: Connection;
  models: Models;
  databaseKind: 'mongodb' | 'ferretdb';
  /** The runtime's event service (the event API is mounted when it is given). */
  events?: EventService;
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
  app.use(catalogRoutes());
  app.use(authRoutes(deps.models, { secureCookies: deps.secureCookies ?? false }));
  if (deps.events) app.use(eventRoutes(deps.models, deps.events));
  app.use('/api', (_req, _res, next) => next(notFound()));
  if (deps.studioDir && existsSync(join(deps.studioDir, 'index.html'))) {
    const studioDir = deps.studioDir;
    app.use(express.static(studioDir, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => res.sendFile(join(studioDir, 'index.html')));
  }
  app.use(problemHandler);
  return app;
}
