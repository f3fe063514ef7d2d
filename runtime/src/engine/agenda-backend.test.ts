import { Agenda } from 'agenda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { ClaimBackend, ClaimJobRepository, uniqueJobId } from './agenda-backend.ts';
import { until } from './engine-kit.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
});

const started: Agenda[] = [];
afterEach(async () => {
  for (const agenda of started.splice(0)) await agenda.stop();
});

/** One Agenda per simulated process, each with its own backend (its own index) on the same collection. */
function worker(name: string, collection: string, runs: string[], options: { removeCompleted?: string[] } = {}) {
  const agenda = new Agenda({
    name,
    backend: new ClaimBackend(db.connection, { collection, refreshEveryMs: 200, ...options }),
    processEvery: 100,
    // Long enough that no lock expires during a test (a lock that expires lets another process run the
    // job again: at-least-once, which the test below checks separately).
    defaultLockLifetime: 60_000,
  } as never);
  agenda.define('wake', async (job: { attrs: { data: { n: number } } }) => {
    runs.push(`${name}:${job.attrs.data.n}`);
  });
  started.push(agenda);
  return agenda;
}

describe('ClaimBackend: Agenda jobs found without queries, locked by unique insert', () => {
  it('three processes share 60 due jobs: each job runs exactly once', async () => {
    const runs: string[] = [];
    const workers = ['a', 'b', 'c'].map((name) => worker(name, 'jobs_shared', runs));
    for (const agenda of workers) await agenda.start();
    const at = new Date(Date.now() + 300);
    for (let n = 0; n < 60; n++) {
      const agenda = workers[n % 3] as Agenda;
      await agenda.create('wake', { n }).unique({ 'data.n': n }).schedule(at).save();
    }
    await until(async () => runs.length >= 60, 20_000, 'every job to run');
    await new Promise((r) => setTimeout(r, 500));
    const ns = runs.map((r) => Number(r.split(':')[1]));
    expect(ns.sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    // More than one process took part (the jobs were not all run where they were created).
    expect(new Set(runs.map((r) => r.split(':')[0])).size).toBeGreaterThan(1);
  });

  it('saving a unique job twice keeps one job, under an _id derived from its criteria', async () => {
    const agenda = worker('solo', 'jobs_unique', []);
    await agenda.start();
    const later = new Date(Date.now() + 3_600_000);
    await agenda.create('wake', { n: 1 }).unique({ 'data.n': 1 }).schedule(later).save();
    await agenda
      .create('wake', { n: 1 })
      .unique({ 'data.n': 1 })
      .schedule(new Date(later.getTime() + 1000))
      .save();
    const docs = await db.connection.collection('jobs_unique').find().toArray();
    expect(docs).toHaveLength(1);
    expect(docs[0]?._id).toBe(uniqueJobId('wake', { 'data.n': 1 }));
    expect(docs[0]?.nextRunAt).toEqual(new Date(later.getTime() + 1000));
    expect(await agenda.cancel({ id: uniqueJobId('wake', { 'data.n': 1 }) })).toBe(1);
    expect(await db.connection.collection('jobs_unique').countDocuments()).toBe(0);
  });

  it('a job unlocked without running (e.g. at stop) is locked and run later', async () => {
    const repository = new ClaimJobRepository(db.connection, { collection: 'jobs_unlock' });
    await repository.connect();
    const saved = await repository.saveJob(
      { name: 'wake', priority: 0, nextRunAt: new Date(Date.now() - 1000), type: 'normal', data: { n: 1 } },
      undefined,
    );
    const soon = new Date(Date.now() + 1000);
    const first = await repository.getNextJobToRun('wake', soon, new Date(Date.now() - 5000), undefined, undefined);
    expect(first?._id).toBe(saved._id);
    expect(await repository.getNextJobToRun('wake', soon, new Date(Date.now() - 5000), undefined, undefined)).toBe(
      undefined,
    );
    await repository.unlockJob(first as never);
    const again = await repository.getNextJobToRun('wake', soon, new Date(Date.now() - 5000), undefined, undefined);
    expect(again?._id).toBe(saved._id);
    repository.disconnect();
  });

  it('a lock left by a dead process is taken over once it is older than the lock lifetime', async () => {
    const a = new ClaimJobRepository(db.connection, { collection: 'jobs_expired' });
    const b = new ClaimJobRepository(db.connection, { collection: 'jobs_expired' });
    await a.connect();
    await a.saveJob(
      { name: 'wake', priority: 0, nextRunAt: new Date(Date.now() - 1000), type: 'normal', data: {} },
      undefined,
    );
    await b.connect();
    const window = () => [new Date(Date.now() + 1000), new Date(Date.now() - 200)] as const;
    expect(await a.getNextJobToRun('wake', ...window(), undefined, undefined)).toBeDefined();
    // `a` dies holding the lock; `b` cannot take it while it is fresh…
    await b.refresh();
    expect(await b.getNextJobToRun('wake', ...window(), undefined, undefined)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    // …and takes it once it is older than the lock lifetime (here 200 ms).
    await b.refresh();
    expect(await b.getNextJobToRun('wake', ...window(), undefined, undefined)).toBeDefined();
    a.disconnect();
    b.disconnect();
  });

  it('removes completed one-off jobs of the listed types, keeps repeating ones', async () => {
    const runs: string[] = [];
    const agenda = worker('cleaner', 'jobs_cleanup', runs, { removeCompleted: ['wake'] });
    agenda.define('tick', async () => {
      runs.push('tick');
    });
    await agenda.start();
    await agenda
      .create('wake', { n: 7 })
      .schedule(new Date(Date.now() + 100))
      .save();
    await agenda.every('1 hour', 'tick');
    await until(async () => runs.includes('cleaner:7'), 10_000, 'the one-off job');
    await until(
      async () => (await db.connection.collection('jobs_cleanup').countDocuments({ name: 'wake' })) === 0,
      5_000,
      'its removal',
    );
    expect(await db.connection.collection('jobs_cleanup').countDocuments({ name: 'tick' })).toBe(1);
    const { jobs, total } = await agenda.queryJobs({ name: 'tick' });
    expect(total).toBe(1);
    expect(jobs[0]?.state).toBeDefined();
  });
});
