import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture, startEngine } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';

let db: TestDatabase;
let tenantId: string;
let app: Awaited<ReturnType<typeof startEngine>>;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  tenantId = await createTenantFixture(db.connection);
  app = await startEngine(db.connection, { handlers: createActionHandlers() });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

const event = (n: number) => ({
  type: 'workspace:updated',
  payload: {
    workspaceId: `65f1b9e0a1b2c3d4e5f6071${n}`,
    changes: { notifiedAt: '2026-03-02T10:15:00+01:00' },
    updatedAt: '2026-03-02T11:00:00+01:00',
  },
});

/** A workflow whose only action runs `code` (RED: a lawyer approves each run). */
const scriptFlow = (name: string, code: string, limits: Record<string, number> = {}) =>
  chain(name, 'workspace:updated', [
    {
      id: 'script',
      action: 'run_script',
      retry: { attempts: 1 },
      params: { code, input: { notifiedAt: '{{payload.changes.notifiedAt}}' }, ...limits },
    },
  ]);

describe('run_script through the engine', () => {
  it('waits for a lawyer (RED), then returns the script result', async () => {
    const run = await runThrough(
      app,
      db,
      tenantId,
      scriptFlow('Jour de notification', "console.log('calcul');\nreturn { jour: input.notifiedAt.slice(0, 10) };"),
      event(1),
    );
    expect(run.error).toBeUndefined();
    const step = run.state.steps.find((s: { nodeId: string }) => s.nodeId === 'script');
    expect(step.validation).toMatchObject({ status: 'APPROVED', autonomy: 'RED' });
    expect(run.state.nodes.script.output).toMatchObject({ result: { jour: '2026-03-02' }, logs: ['calcul'] });
  });

  it.each([
    ['an infinite loop', 'while (true) {}', 'script.timeout', { timeoutMs: 200 }],
    ['a 1 GB allocation', 'return new Uint8Array(1024 * 1024 * 1024).length;', 'script.memory', {}],
    ['reaching process', 'return process.env;', 'script.error', {}],
    ['reaching require', "return require('child_process');", 'script.error', {}],
  ])('%s fails the step with a clear error, and the engine goes on', async (what, code, errorCode, limits) => {
    const started = Date.now();
    const run = await runThrough(app, db, tenantId, scriptFlow(`Script ${what}`, code, limits), event(2));
    expect(run.status).toBe('failed');
    expect(run.state.nodes.script.error).toMatchObject({ code: errorCode });
    expect(run.state.nodes.script.error.message).toMatch(/ \/ /);
    expect(Date.now() - started).toBeLessThan(10_000);
    const next = await runThrough(app, db, tenantId, scriptFlow(`Après ${what}`, 'return 6 * 7;'), event(3));
    expect(next.state.nodes.script.output.result).toBe(42);
  });
});
