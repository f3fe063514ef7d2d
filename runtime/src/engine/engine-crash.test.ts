import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../core/types.ts';
import { getModels } from '../db/models/index.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { createTenantFixture, publishFixture, recordingHandlers, startEngine, until } from './engine-kit.ts';

const RUNS = 12;
let db: TestDatabase;
let connection: Connection;
let tenantId: string;
let survivor: Awaited<ReturnType<typeof startEngine>> | undefined;
let worker: ReturnType<typeof spawn> | undefined;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  connection = db.connection;
  tenantId = await createTenantFixture(connection);
  const workflow = {
    schemaVersion: 1,
    name: 'Ouverture de dossier',
    nodes: [
      { id: 'start', kind: 'trigger', event: 'workspace:created' },
      {
        id: 'note',
        kind: 'action',
        action: 'create_note',
        params: { workspaceId: '{{payload.workspaceId}}', text: 'Dossier ouvert' },
      },
      { id: 'pause', kind: 'wait', for: 'PT1S' },
      {
        id: 'task',
        kind: 'action',
        action: 'create_task',
        params: { title: 'Relire {{payload.title}}', workspaceId: '{{payload.workspaceId}}' },
      },
    ],
    edges: [
      { id: 'a', source: 'start', target: 'note' },
      { id: 'b', source: 'note', target: 'pause' },
      { id: 'c', source: 'pause', target: 'task' },
    ],
  } as unknown as Workflow;
  await publishFixture(connection, tenantId, workflow);
}, 60_000);
afterAll(async () => {
  // Whatever happened in the test, the worker process must not outlive it.
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await survivor?.stop();
});

describe('crash recovery', () => {
  it('a worker killed with SIGKILL mid-flight: another finishes every run, each side effect happens once', async () => {
    // ARRANGE: a worker process starts RUNS runs and is killed while some act and others are parked on waits.
    const worker = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'crash-worker.ts'), db.uri, db.dbName, tenantId, String(RUNS)],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const child = worker;
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk) => String(chunk).includes('READY') && resolve());
      child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    });
    const sideEffects = connection.collection('side_effects');
    await until(async () => (await sideEffects.countDocuments()) >= 4, 15_000, 'some side effects');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const models = getModels(connection);
    const before = await models.Run.find({ tenantId }).lean();
    expect(before).toHaveLength(RUNS);
    expect(before.filter((r) => r.status === 'succeeded').length).toBeLessThan(RUNS);

    // ACT: a new worker takes over.
    survivor = await startEngine(connection, {
      handlers: recordingHandlers(connection),
      workerId: 'survivor',
      leaseTtlMs: 1500,
    });
    await until(
      async () => (await models.Run.countDocuments({ tenantId, status: 'succeeded' })) === RUNS,
      40_000,
      'every run to succeed',
    ).catch(async (e) => {
      const runs = await models.Run.find({ tenantId }).lean();
      console.log(JSON.stringify(runs.map((r) => [r.status, r.seq, r.effectsDoneSeq, r.state.tokens])));
      console.log(JSON.stringify(await connection.collection('agenda_jobs').find().toArray()));
      for (const run of runs.filter((r) => r.status !== 'succeeded')) {
        const runId = String(run._id);
        const transitions = await connection.collection('run_transitions').find({ runId }).toArray();
        console.log('TRANSITIONS', JSON.stringify(transitions.map((t) => [t._id, t.inputKey, t.effects])));
        console.log('INPUTS', JSON.stringify(await connection.collection('run_inputs').find({ runId }).toArray()));
        console.log(
          'LEASE',
          JSON.stringify(await connection.collection('run_leases').findOne({ _id: runId } as never)),
        );
      }
      throw e;
    });

    // ASSERT: two side effects per run, never more, each under its own idempotency key.
    const effects = await sideEffects.find().toArray();
    expect(effects).toHaveLength(RUNS * 2);
    expect(new Set(effects.map((e) => e.key)).size).toBe(RUNS * 2);
    for (const run of await models.Run.find({ tenantId }).lean()) {
      expect(
        effects
          .filter((e) => e.runId === String(run._id))
          .map((e) => e.nodeId)
          .sort(),
      ).toEqual(['note', 'task']);
      expect(run.state.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['start', 'note', 'pause', 'task']);
    }
    const handovers = await connection.collection('handovers').countDocuments();
    expect(handovers).toBeGreaterThanOrEqual(RUNS * 2);
  }, 90_000);
});
