import { useTestDatabase } from '@iapm/runtime/testing';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttemptLimiter, AUTH_ATTEMPTS } from './rate-limit.ts';

// Two connections to one database stand for two server processes sharing it.
let here: Connection;
let elsewhere: Connection;
const WINDOW = 15 * 60_000;
const start = Math.floor(Date.parse('2026-11-24T09:00:00Z') / WINDOW) * WINDOW;

beforeAll(async () => {
  const db = await useTestDatabase(import.meta.url);
  here = db.connection;
  elsewhere = await mongoose.createConnection(db.uri, { dbName: db.dbName }).asPromise();
}, 60_000);
afterAll(async () => {
  await elsewhere?.close();
});

describe('failed attempts counted in the database', () => {
  it('every process counts the same failures: the limit holds however they are spread', async () => {
    const a = new AttemptLimiter(here, 'login', 5, WINDOW);
    const b = new AttemptLimiter(elsewhere, 'login', 5, WINDOW);
    const key = '203.0.113.7|avocat@cabinet.example';
    for (let i = 0; i < 4; i++) await (i % 2 ? a : b).fail(key, start + i);
    expect(await a.retryAfter(key, start + 10)).toBe(0);
    await b.fail(key, start + 11);
    expect(await a.retryAfter(key, start + 12)).toBe(WINDOW - 12);
    expect(await b.retryAfter(key, start + 12)).toBe(WINDOW - 12);
    // Another key, and the next window, are not limited.
    expect(await a.retryAfter('203.0.113.8|avocat@cabinet.example', start + 12)).toBe(0);
    expect(await a.retryAfter(key, start + WINDOW)).toBe(0);
  });

  it('concurrent failures in two processes are all counted (slots taken by unique inserts)', async () => {
    const a = new AttemptLimiter(here, 'totp', 5, WINDOW);
    const b = new AttemptLimiter(elsewhere, 'totp', 5, WINDOW);
    const key = 'totp|personne-1';
    await Promise.all([a.fail(key, start), b.fail(key, start), a.fail(key, start), b.fail(key, start)]);
    expect(await a.retryAfter(key, start)).toBe(0);
    await a.fail(key, start);
    expect(await b.retryAfter(key, start)).toBeGreaterThan(0);
    // Past the limit, further failures write nothing more.
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).fail(key, start)));
    const stored = await here
      .collection(AUTH_ATTEMPTS)
      .find({ bucket: { $regex: '^totp:' } })
      .toArray();
    expect(stored).toHaveLength(5);
    // No address or e-mail is stored in clear.
    expect(JSON.stringify(stored)).not.toContain('personne-1');
  });

  it('a success clears the key; old windows are purged', async () => {
    const a = new AttemptLimiter(here, 'login', 2, WINDOW);
    const key = '198.51.100.4|assistante@cabinet.example';
    await a.fail(key, start);
    await a.fail(key, start);
    expect(await a.retryAfter(key, start)).toBeGreaterThan(0);
    await a.succeed(key, start);
    expect(await a.retryAfter(key, start)).toBe(0);
    await a.fail(key, start - 2 * WINDOW);
    expect(await AttemptLimiter.purge(here, new Date(start - WINDOW))).toBeGreaterThanOrEqual(1);
    expect(await here.collection(AUTH_ATTEMPTS).countDocuments({ at: { $lt: new Date(start - WINDOW) } })).toBe(0);
  });
});
