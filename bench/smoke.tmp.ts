import { getModels } from '../runtime/src/db/models/index.ts';
import { createTenantFixture, publishFixture } from '../runtime/src/engine/engine-kit.ts';
import { buildEngine, clientPayload, commandProfiler, logChain, noopHandlers, openDatabase, sleep } from './db-kit.ts';
const t0 = Date.now();
const db = await openDatabase('smoke');
console.log('db up', Date.now() - t0);
const { connection } = db;
const prof = commandProfiler(connection);
const done = new Map<string, number>();
const app = await buildEngine(connection, { handlers: noopHandlers(['log_event']), onTransition: (run) => { if (run.state.status === 'succeeded') done.set(run.id, performance.now()); } });
const tenantId = await createTenantFixture(connection);
await publishFixture(connection, tenantId, logChain('c10', 'client:created', 10));
for (let i = 0; i < 5; i++) {
  if (i === 4) prof.start();
  const s = performance.now();
  const r = await app.events.accept(tenantId, { type: 'client:created', payload: clientPayload(i) });
  const acc = performance.now() - s;
  const id = r.runs[0]!.runId;
  while (!done.has(id)) await sleep(2);
  console.log('accept ms', acc.toFixed(1), 'run ms', (done.get(id)! - s).toFixed(1));
}
await sleep(200);
console.table(prof.stop());
await app.stop();
await db.close();
console.log('total', Date.now() - t0);
