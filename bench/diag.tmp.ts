// temporary: log slow commands during the waits bench
import mongoose from 'mongoose';

const orig = mongoose.createConnection.bind(mongoose);
(mongoose as any).createConnection = (...args: any[]) => {
  const c = orig(...args);
  const client = c.getClient();
  const st = new Map<number, any>();
  const t0 = Date.now();
  client.on('commandStarted', (e: any) =>
    st.set(e.requestId, {
      c: e.commandName,
      coll: e.command[e.commandName],
      f: JSON.stringify(
        e.command.filter ?? e.command.query ?? e.command.updates?.[0]?.q ?? e.command.pipeline ?? '',
      ).slice(0, 200),
    }),
  );
  client.on('commandSucceeded', (e: any) => {
    const s = st.get(e.requestId);
    st.delete(e.requestId);
    if (s && e.duration > 300)
      process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(1)} SLOW ${e.duration}ms ${s.c} ${s.coll} ${s.f}\n`);
  });
  client.on('commandFailed', (e: any) => {
    const s = st.get(e.requestId);
    st.delete(e.requestId);
    process.stderr.write(`FAILED ${e.duration}ms ${s?.c} ${s?.coll} ${String(e.failure?.message).slice(-80)}\n`);
  });
  return c;
};
