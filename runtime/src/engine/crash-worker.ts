/**
 * A worker process for the crash test: starts an engine on the given database, accepts `count` events
 * (each starts a run: action → 1 s wait → action), prints READY, and keeps working until it is killed.
 * Usage: node --import tsx crash-worker.ts URI DB_NAME TENANT_ID COUNT
 */
import mongoose from 'mongoose';
import { recordingHandlers, startEngine } from './engine-kit.ts';

const [uri, dbName, tenantId, count] = process.argv.slice(2) as [string, string, string, string];
const connection = await mongoose.createConnection(uri, { dbName }).asPromise();
const app = await startEngine(connection, {
  handlers: recordingHandlers(connection, { delayMs: 120 }),
  workerId: 'doomed',
  leaseTtlMs: 1500,
});
for (let i = 0; i < Number(count); i++) {
  await app.events.accept(tenantId, {
    type: 'workspace:created',
    payload: {
      workspaceId: `ws-${i}`,
      clientId: `c-${i}`,
      procedureType: 'OQTF',
      title: `Dossier ${i}`,
      createdAt: '2026-11-01T10:00:00Z',
    },
    idempotencyKey: `crash-${i}`,
  });
}
process.stdout.write('READY\n');
// Never outlive the test process: it holds our stdin open.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
