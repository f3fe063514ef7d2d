import { Router } from 'express';
import type { Connection } from 'mongoose';

/** `GET /api/health`: the process answers and whether the database answers a ping. */
export function healthRoutes(connection: Connection, databaseKind: string): Router {
  const router = Router();
  router.get('/api/health', async (_req, res) => {
    const started = Date.now();
    let database: { status: 'up' | 'down'; kind: string; latencyMs?: number; error?: string };
    try {
      await connection.db?.admin().command({ ping: 1 });
      database = { status: 'up', kind: databaseKind, latencyMs: Date.now() - started };
    } catch (error) {
      database = { status: 'down', kind: databaseKind, error: (error as Error).message };
    }
    res
      .status(database.status === 'up' ? 200 : 503)
      .json({ status: database.status === 'up' ? 'ok' : 'degraded', database });
  });
  return router;
}
