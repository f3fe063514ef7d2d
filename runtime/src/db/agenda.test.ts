import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
});

const newAgenda = (name: string) =>
  new Agenda({
    name,
    backend: new MongoBackend({ mongo: db.connection.db as never, collection: 'agenda_jobs' }),
    processEvery: 100,
    defaultLockLifetime: 5_000,
  } as never);

describe('Agenda 6 on the test database', () => {
  it('schedules a job, locks it, runs it once and records it as finished', async () => {
    // One Agenda per process: FerretDB v1 does not make Agenda's lock (a conditional update) atomic across
    // processes, so several processes rely on the idempotent claims of claims.ts instead (docs/database.md).
    const workers = [newAgenda('worker-a')];
    const runs: { worker: string; lockedAt: unknown; data: unknown }[] = [];
    for (const [i, agenda] of workers.entries()) {
      agenda.define('wake-run', async (job: { attrs: { data: unknown; lockedAt?: unknown } }) => {
        runs.push({ worker: `w${i}`, lockedAt: job.attrs.lockedAt, data: job.attrs.data });
      });
    }
    const [first] = workers as [Agenda];
    await Promise.all(workers.map((w) => w.start()));
    const due = new Date(Date.now() + 300);
    await first.schedule(due, 'wake-run', { runId: 'r-1' });

    const scheduled = await db.connection.db?.collection('agenda_jobs').findOne({ name: 'wake-run' });
    expect(scheduled?.nextRunAt?.getTime()).toBe(due.getTime());

    const deadline = Date.now() + 10_000;
    while (runs.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 800));
    await Promise.all(workers.map((w) => w.stop()));

    expect(runs).toHaveLength(1);
    expect(runs[0]?.data).toEqual({ runId: 'r-1' });
    expect(runs[0]?.lockedAt).toBeInstanceOf(Date);
    const done = await db.connection.db?.collection('agenda_jobs').findOne({ name: 'wake-run' });
    expect(done?.lastFinishedAt).toBeInstanceOf(Date);
    expect(done?.lockedAt ?? null).toBeNull();
  });
});
