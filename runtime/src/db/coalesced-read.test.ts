import { beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { CoalescedRead } from './coalesced-read.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
});

describe('coalesced reads', () => {
  it('never answers a caller with a read sent before it arrived, and shares the rest', async () => {
    const flags = db.connection.collection<{ _id: string; revoked: boolean }>('flags');
    await flags.insertOne({ _id: 'key', revoked: false });
    const sent: number[] = [];
    let release: (() => void) | undefined;
    const reads = new CoalescedRead<boolean>();
    // Each read waits for the test to let it go, then reads the database.
    const read = () => {
      sent.push(Date.now());
      const gate = new Promise<void>((r) => {
        release = r;
      });
      return gate.then(async () => (await flags.findOne({ _id: 'key' }))?.revoked ?? false);
    };
    const early = reads.get('key', read);
    expect(sent).toHaveLength(1);
    // Revoked while the first read is in flight (it was sent before): later callers must see it.
    await flags.updateOne({ _id: 'key' }, { $set: { revoked: true } });
    const late = [reads.get('key', read), reads.get('key', read), reads.get('key', read)];
    expect(sent).toHaveLength(1);
    release?.();
    expect(await early).toBe(true); // it read after the change: the gate held it
    await new Promise((r) => setTimeout(r, 10));
    // The late callers share one read, sent after they arrived.
    expect(sent).toHaveLength(2);
    release?.();
    expect(await Promise.all(late)).toEqual([true, true, true]);
    // Quiet again: the next caller reads at once.
    const alone = reads.get('key', read);
    expect(sent).toHaveLength(3);
    release?.();
    expect(await alone).toBe(true);
  });

  it('a failed read fails its own callers only; the next ones read again', async () => {
    const reads = new CoalescedRead<number>();
    let calls = 0;
    let fail: ((e: Error) => void) | undefined;
    const first = reads.get('k', () => {
      calls++;
      return new Promise<number>((_, reject) => {
        fail = reject;
      });
    });
    const second = reads.get('k', async () => {
      calls++;
      return 42;
    });
    fail?.(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    expect(await second).toBe(42);
    expect(calls).toBe(2);
    // Keys are independent.
    expect(await reads.get('other', async () => 7)).toBe(7);
  });
});
