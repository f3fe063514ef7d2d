import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { claimOnce, completeClaim } from './claims.ts';

let db: TestDatabase;
const others: mongoose.Connection[] = [];
beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  // Separate connections behave like separate worker processes.
  for (let i = 0; i < 8; i++) others.push(await mongoose.createConnection(db.uri, { dbName: db.dbName }).asPromise());
});
afterAll(async () => {
  await Promise.all(others.map((c) => c.close()));
});

describe('claimOnce', () => {
  it('gives each key to exactly one of many concurrent claimants', async () => {
    for (let round = 0; round < 25; round++) {
      const results = await Promise.all(others.map((c, i) => claimOnce(c, `run-1:send-mail:${round}`, `worker-${i}`)));
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
    }
  });

  it('returns the first result to a later claimant', async () => {
    const first = await claimOnce(db.connection, 'run-2:webhook:1', 'worker-a');
    expect(first.claimed).toBe(true);
    await completeClaim(db.connection, 'run-2:webhook:1', 'worker-a', { status: 200 });
    const second = await claimOnce(db.connection, 'run-2:webhook:1', 'worker-b');
    expect(second).toMatchObject({ claimed: false, existing: { owner: 'worker-a', result: { status: 200 } } });
  });
});
