import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Connection } from 'mongoose';
import type { Metrics } from '../http/metrics.ts';
import { HttpProblem } from '../http/problem.ts';

export interface HealthOptions {
  connection: Connection;
  databaseKind: string;
  /** Whether the scheduler (Agenda: waits, retries, cron) processes jobs; absent: this server runs none. */
  schedulerRunning?: () => boolean;
  /** True once a graceful shutdown has begun: the process answers but takes no new work. */
  draining?: () => boolean;
  metrics?: Metrics;
  /** When set, `/metrics` asks for `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

async function ping(connection: Connection) {
  const started = Date.now();
  try {
    await connection.db?.admin().command({ ping: 1 });
    return { status: 'up' as const, latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down' as const, error: (error as Error).message };
  }
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * `GET /api/health`: the process answers and whether the database answers a ping (liveness).
 * `GET /api/ready`: whether this process should get traffic — database up, scheduler running, not shutting
 * down (503 otherwise, so a load balancer takes it out). `GET /metrics`: Prometheus text format.
 */
export function healthRoutes(options: HealthOptions): Router {
  const router = Router();
  router.get('/api/health', async (_req, res) => {
    const database = { ...(await ping(options.connection)), kind: options.databaseKind };
    res
      .status(database.status === 'up' ? 200 : 503)
      .json({ status: database.status === 'up' ? 'ok' : 'degraded', database });
  });
  router.get('/api/ready', async (_req, res) => {
    const database = { ...(await ping(options.connection)), kind: options.databaseKind };
    const scheduler = options.schedulerRunning
      ? { status: options.schedulerRunning() ? ('up' as const) : ('down' as const) }
      : { status: 'absent' as const };
    const draining = options.draining?.() ?? false;
    const ready = database.status === 'up' && scheduler.status !== 'down' && !draining;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', draining, database, scheduler });
  });
  router.get('/metrics', async (req, res) => {
    const metrics = options.metrics;
    if (!metrics) throw new HttpProblem(404, 'not-found', { fr: 'Introuvable.', en: 'Not found.' });
    if (options.metricsToken) {
      const given = /^Bearer\s+(.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!sameSecret(given, options.metricsToken))
        throw new HttpProblem(401, 'unauthorized', { fr: 'Authentification requise.', en: 'Authentication required.' });
    }
    res.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
