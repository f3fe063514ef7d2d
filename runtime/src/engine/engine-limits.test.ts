import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../core/types.ts';
import { getModels } from '../db/models/index.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { createTenantFixture, publishFixture, startEngine, until } from './engine-kit.ts';

let db: TestDatabase;
let app: Awaited<ReturnType<typeof startEngine>>;
let tenantId: string;
let inFlight = 0;
let peak = 0;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  tenantId = await createTenantFixture(db.connection);
  app = await startEngine(db.connection, {
    maxConcurrentRuns: 2,
    handlers: {
      log_event: {
        perform: async () => {
          peak = Math.max(peak, ++inFlight);
          await new Promise((r) => setTimeout(r, 80));
          inFlight -= 1;
          return {};
        },
      },
    },
  });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

describe('engine limits', () => {
  it('advances at most maxConcurrentRuns runs at once; the others wait their turn and all finish', async () => {
    await publishFixture(db.connection, tenantId, {
      schemaVersion: 1,
      name: 'Journal',
      nodes: [
        { id: 'start', kind: 'trigger', event: 'client:created' },
        { id: 'log', kind: 'action', action: 'log_event', params: { message: 'client {{payload.clientId}}' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'log' }],
    } as unknown as Workflow);
    const runIds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { runs } = await app.events.accept(tenantId, {
        type: 'client:created',
        payload: {
          clientId: `c-${i}`,
          firstName: 'Amina',
          lastName: 'Benali',
          status: 'prospect',
          source: 'api',
          createdAt: '2026-11-01T10:00:00Z',
        },
      });
      runIds.push(...runs.map((r) => r.runId));
    }
    const models = getModels(db.connection);
    await until(
      async () => (await models.Run.countDocuments({ _id: { $in: runIds }, status: 'succeeded' })) === 10,
      20_000,
      'all ten runs',
    );
    expect(peak).toBe(2);
  });
});
