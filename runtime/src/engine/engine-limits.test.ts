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

  it('an input handed over while another worker holds the run goes to the inbox, at once', async () => {
    const runId = 'ab'.repeat(12);
    const leases = db.connection.collection<{ _id: string; owner: string; gen: number; expiresAt: Date }>('run_leases');
    await leases.insertOne({ _id: runId, owner: 'other-worker', gen: 1, expiresAt: new Date(Date.now() + 60_000) });
    const began = Date.now();
    await app.engine.deliverNow(tenantId, runId, { type: 'timer.fired', wakeId: 'w-1' }, `wake:${runId}:w-1`);
    expect(Date.now() - began).toBeLessThan(4_000);
    const inbox = await db.connection.collection('run_inputs').find({ runId }).toArray();
    expect(inbox.map((d) => d.key)).toEqual([`wake:${runId}:w-1`]);
    await leases.deleteOne({ _id: runId });
    await db.connection.collection('run_inputs').deleteMany({ runId });
  });
});
