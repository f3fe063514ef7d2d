// temporary: in-flight commands by kind, sampled every 2 s
import mongoose from 'mongoose';
const orig = mongoose.createConnection.bind(mongoose);
(mongoose as any).createConnection = (...args: any[]) => {
  const c = orig(...args);
  const client = c.getClient();
  const st = new Map<number, string>();
  const t0 = Date.now();
  let fails = 0; const done = new Map<string, {n:number, ms:number}>();
  client.on('commandStarted', (e: any) => st.set(e.requestId, `${e.commandName} ${e.command[e.commandName]}`));
  const end = (e: any) => { const k = st.get(e.requestId); st.delete(e.requestId); if (!k) return; const d = done.get(k) ?? {n:0,ms:0}; d.n++; d.ms+=e.duration; done.set(k,d); };
  client.on('commandSucceeded', end);
  client.on('commandFailed', (e: any) => { fails++; end(e); });
  setInterval(() => {
    const counts = new Map<string, number>();
    for (const k of st.values()) counts.set(k, (counts.get(k) ?? 0) + 1);
    const top = [...done.entries()].sort((a,b)=>b[1].ms-a[1].ms).slice(0,4).map(([k,d])=>`${k}:${d.n}/${Math.round(d.ms/d.n)}ms`).join(' ');
    process.stderr.write(`  [${Math.round((Date.now()-t0)/1000)}s] in flight ${st.size} ${JSON.stringify(Object.fromEntries(counts))} fails ${fails} | last 2s: ${top}\n`);
    done.clear();
  }, 2000).unref();
  return c;
};
