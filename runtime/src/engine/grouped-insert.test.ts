import type { Collection } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { GroupedInsert } from './grouped-insert.ts';

let db: TestDatabase;
interface Doc {
  _id: string;
  key: string;
  n: number;
}
let collection: Collection<Doc>;
beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  collection = db.connection.collection<Doc>('grouped');
  await collection.createIndex({ key: 1 }, { unique: true });
});

/** Counts the insert commands sent for the collection, to see how documents were grouped. */
function countingCollection() {
  const calls: number[] = [];
  const wrapped = new Proxy(collection, {
    get(target, prop, receiver) {
      if (prop === 'insertMany')
        return (docs: Doc[], options: unknown) => {
          calls.push(docs.length);
          return target.insertMany(docs, options as never);
        };
      return Reflect.get(target, prop, receiver);
    },
  });
  return { calls, wrapped };
}

describe('grouped inserts', () => {
  it('writes concurrent documents together, each caller answered once its document is stored', async () => {
    const { calls, wrapped } = countingCollection();
    const grouped = new GroupedInsert<Doc>(() => wrapped);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, n) => grouped.insert({ _id: `a-${n}`, key: `a-${n}`, n })),
    );
    expect(outcomes).toEqual(Array(40).fill('inserted'));
    expect(calls.reduce((a, b) => a + b, 0)).toBe(40);
    expect(calls.length).toBeLessThan(40);
    expect(await collection.countDocuments({ key: { $regex: '^a-' } })).toBe(40);
  });

  it('answers duplicates per document (by _id or by another unique key), the others being stored', async () => {
    await collection.insertOne({ _id: 'b-0', key: 'b-0', n: 0 });
    const grouped = new GroupedInsert<Doc>(() => collection);
    const outcomes = await Promise.all([
      grouped.insert({ _id: 'b-1', key: 'b-1', n: 1 }),
      grouped.insert({ _id: 'b-0', key: 'b-0-other', n: 2 }), // same _id as a stored one
      grouped.insert({ _id: 'b-2', key: 'b-2', n: 3 }),
      grouped.insert({ _id: 'b-3', key: 'b-1', n: 4 }), // same unique key as the first of this batch
      grouped.insert({ _id: 'b-4', key: 'b-4', n: 5 }),
    ]);
    expect(outcomes).toEqual(['inserted', 'duplicate', 'inserted', 'duplicate', 'inserted']);
    const stored = await collection.find({ _id: { $in: ['b-0', 'b-1', 'b-2', 'b-3', 'b-4'] } }).toArray();
    expect(stored.map((d) => d._id).sort()).toEqual(['b-0', 'b-1', 'b-2', 'b-4']);
    expect(stored.find((d) => d._id === 'b-0')?.n).toBe(0);
  });

  it('answers a lone duplicate as a duplicate', async () => {
    const grouped = new GroupedInsert<Doc>(() => collection);
    expect(await grouped.insert({ _id: 'c-0', key: 'c-0', n: 0 })).toBe('inserted');
    expect(await grouped.insert({ _id: 'c-0', key: 'c-0', n: 0 })).toBe('duplicate');
  });

  it('rejects every caller of a write that failed as a whole', async () => {
    let failures = 1;
    const failing = new Proxy(collection, {
      get(target, prop, receiver) {
        if (prop === 'insertMany' && failures-- > 0) return async () => Promise.reject(new Error('connection lost'));
        return Reflect.get(target, prop, receiver);
      },
    });
    const grouped = new GroupedInsert<Doc>(() => failing);
    const results = await Promise.allSettled([
      grouped.insert({ _id: 'd-0', key: 'd-0', n: 0 }),
      grouped.insert({ _id: 'd-1', key: 'd-1', n: 1 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await collection.countDocuments({ _id: { $in: ['d-0', 'd-1'] } })).toBe(0);
    // The queue is free again: the next write goes out.
    expect(await grouped.insert({ _id: 'd-2', key: 'd-2', n: 2 })).toBe('inserted');
  });
});
