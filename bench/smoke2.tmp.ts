import { createTenantFixture, publishFixture } from '../runtime/src/engine/engine-kit.ts';
import { buildEngine, clientPayload, logChain, noopHandlers, openDatabase, sleep } from './db-kit.ts';
const db = await openDatabase('smoke');
const { connection } = db;
const client = connection.getClient();
let on = false; const st = new Map<number, any>(); const log: string[] = []; let base = 0;
client.on('commandStarted', (e) => { if (!on) return; st.set(e.requestId, { t: performance.now(), c: e.commandName, coll: (e.command as any)[e.commandName], f: JSON.stringify((e.command as any).filter ?? (e.command as any).query ?? (e.command as any).updates?.[0]?.q ?? '').slice(0, 80) }); });
client.on('commandSucceeded', (e) => { const s = st.get(e.requestId); if (!s) return; log.push(`${(s.t - base).toFixed(1).padStart(7)} +${e.duration.toFixed(1).padStart(6)} ${s.c} ${s.coll} ${s.f}`); });
const done = new Map<string, number>();
const app = await buildEngine(connection, { handlers: noopHandlers(['log_event']), processEvery: 100000, sweepEvery: '1 hour', onTransition: (run) => { log.push(`${(performance.now()-base).toFixed(1).padStart(7)} TRANSITION seq ${run.seq} ${run.state.status}`); if (run.state.status === 'succeeded') done.set(run.id, performance.now()); } });
const tenantId = await createTenantFixture(connection);
await publishFixture(connection, tenantId, logChain('c10', 'client:created', 10));
for (let i = 0; i < 4; i++) {
  if (i === 3) { on = true; base = performance.now(); }
  const s = performance.now();
  const r = await app.events.accept(tenantId, { type: 'client:created', payload: clientPayload(i) });
  if (on) log.push(`${(performance.now()-base).toFixed(1).padStart(7)} ACCEPTED`);
  const id = r.runs[0]!.runId;
  while (!done.has(id)) await sleep(2);
  console.log('run ms', (done.get(id)! - s).toFixed(1));
}
await sleep(300);
console.log(log.join('\n'));
await app.stop();
await db.close();
