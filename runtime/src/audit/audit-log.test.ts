import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels } from '../db/models/index.ts';
import { createTenantFixture } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { appendAudit, entryHash, GENESIS_HASH, stateHash, verifyAuditChain } from './audit-log.ts';

let db: TestDatabase;
const extra: mongoose.Connection[] = [];

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  await getModels(db.connection).AuditEntry.init();
});
afterAll(async () => {
  for (const c of extra) await c.close();
});

const append = (tenantId: string, n: number, connection = db.connection) =>
  appendAudit(connection, tenantId, {
    actor: { kind: 'user', id: '65f1b9e0a1b2c3d4e5f60001' },
    action: 'workspace.updated',
    target: { type: 'workspace', id: `ws-${n}` },
    before: { status: 'active', n },
    after: { status: 'closed', n },
    details: { field: 'status', n },
  });

describe('the audit log', () => {
  it('chains each entry to the previous one and keeps only hashes of the states', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const entries = [];
    for (let n = 1; n <= 4; n++) entries.push(await append(tenantId, n));
    expect(entries.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    expect(entries[0]?.previousHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.previousHash).toBe(entries[i - 1]?.hash);
    expect(entries[1]?.beforeHash).toBe(stateHash({ n: 2, status: 'active' }));
    const stored = await db.connection.collection('audit_log').findOne({ sequence: 2 });
    expect(JSON.stringify(stored)).not.toContain('closed');
    expect(await verifyAuditChain(db.connection, tenantId)).toEqual({
      ok: true,
      entries: 4,
      lastHash: entries[3]?.hash,
    });
  });

  it('gives distinct sequences to concurrent writers on several connections, and the chain holds', async () => {
    const tenantId = await createTenantFixture(db.connection);
    for (let i = 0; i < 2; i++) {
      extra.push(await mongoose.createConnection(db.uri, { dbName: db.dbName }).asPromise());
    }
    const connections = [db.connection, ...extra];
    const written = await Promise.all(
      Array.from({ length: 24 }, (_, n) => append(tenantId, n, connections[n % connections.length])),
    );
    expect(new Set(written.map((e) => e.sequence)).size).toBe(24);
    expect(Math.max(...written.map((e) => e.sequence))).toBe(24);
    expect(await verifyAuditChain(db.connection, tenantId)).toMatchObject({ ok: true, entries: 24 });
  });

  it('names an entry altered in the database', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const entries = [];
    for (let n = 1; n <= 5; n++) entries.push(await append(tenantId, n));
    const raw = db.connection.collection('audit_log');
    await raw.updateOne(
      { _id: new mongoose.Types.ObjectId(entries[2]?.entryId) },
      { $set: { actorId: 'someone-else' } },
    );
    expect(await verifyAuditChain(db.connection, tenantId)).toMatchObject({
      ok: false,
      reason: 'hash-mismatch',
      sequence: 3,
      entryId: entries[2]?.entryId,
      message: { fr: expect.stringContaining('n° 3'), en: expect.stringContaining('#3') },
    });
  });

  it('finds an altered entry whose own hash was recomputed (the next link breaks), and a deleted one', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const entries = [];
    for (let n = 1; n <= 5; n++) entries.push(await append(tenantId, n));
    const raw = db.connection.collection('audit_log');
    const second = entries[1];
    if (!second) throw new Error('no entry');
    const forged = { ...second, details: { field: 'priority', n: 2 } };
    const { hash: _h, entryId: _e, ...fields } = forged;
    await raw.updateOne(
      { _id: new mongoose.Types.ObjectId(second.entryId) },
      { $set: { details: forged.details, hash: entryHash(tenantId, fields) } },
    );
    expect(await verifyAuditChain(db.connection, tenantId)).toMatchObject({
      ok: false,
      reason: 'broken-link',
      sequence: 3,
    });
    const other = await createTenantFixture(db.connection);
    const kept = [];
    for (let n = 1; n <= 3; n++) kept.push(await append(other, n));
    await raw.deleteOne({ _id: new mongoose.Types.ObjectId(kept[1]?.entryId) });
    expect(await verifyAuditChain(db.connection, other)).toMatchObject({
      ok: false,
      reason: 'sequence-gap',
      sequence: 3,
    });
  });

  it('keeps one chain per firm', async () => {
    const a = await createTenantFixture(db.connection);
    const b = await createTenantFixture(db.connection);
    await append(a, 1);
    await append(b, 1);
    const second = await append(a, 2);
    expect(second.sequence).toBe(2);
    expect((await append(b, 2)).sequence).toBe(2);
    expect(await verifyAuditChain(db.connection, a)).toMatchObject({ ok: true, entries: 2 });
  });

  it('appends once for a given entry id', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const entryId = new mongoose.Types.ObjectId();
    const input = { actor: { kind: 'system' as const }, action: 'test.once', target: { type: 'run' }, entryId };
    const [one, two] = await Promise.all([
      appendAudit(db.connection, tenantId, input),
      appendAudit(db.connection, tenantId, input),
    ]);
    expect(two).toEqual(one);
    expect(await getModels(db.connection).AuditEntry.countDocuments({ tenantId })).toBe(1);
  });
});
