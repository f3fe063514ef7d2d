import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { deleteDocumentVersion, getDocument, listDocumentVersions, putDocument } from './document-store.ts';

let db: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  tenantId = await createTenantFixture(db.connection);
});

describe('the document store (GridFS)', () => {
  it('stores bytes with their SHA-256 and reads them back, larger than one GridFS chunk', async () => {
    const bytes = randomBytes(600_000);
    const stored = await putDocument(db.connection, tenantId, {
      filename: 'passeport.pdf',
      contentType: 'application/pdf',
      bytes,
    });
    expect(stored).toMatchObject({ version: 1, size: 600_000, filename: 'passeport.pdf' });
    expect(stored.sha256).toMatch(/^[a-f0-9]{64}$/);
    const read = await getDocument(db.connection, tenantId, stored.id);
    expect(read.bytes.equals(bytes)).toBe(true);
  });

  it('numbers versions and never overwrites one, even when written concurrently', async () => {
    const documentKey = `recours-${new Types.ObjectId()}`;
    const versions = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        putDocument(db.connection, tenantId, {
          documentKey,
          filename: `recours-v${n}.txt`,
          contentType: 'text/plain',
          bytes: Buffer.from(`brouillon ${n}`),
        }),
      ),
    );
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2, 3, 4, 5]);
    const listed = await listDocumentVersions(db.connection, tenantId, documentKey);
    expect(listed.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    for (const v of listed) {
      const { bytes } = await getDocument(db.connection, tenantId, v.id);
      expect(bytes.toString()).toBe(`brouillon ${/v(\d)\.txt$/.exec(v.filename)?.[1]}`);
    }
  });

  it("does not give a firm's document to another firm", async () => {
    const stored = await putDocument(db.connection, tenantId, {
      filename: 'a.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('secret'),
    });
    const other = await createTenantFixture(db.connection);
    await expect(getDocument(db.connection, other, stored.id)).rejects.toMatchObject({ code: 'document.not-found' });
  });

  it('refuses bytes altered in storage', async () => {
    const stored = await putDocument(db.connection, tenantId, {
      filename: 'b.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('original'),
    });
    await db.connection
      .collection('documents.chunks')
      .updateOne({ files_id: new Types.ObjectId(stored.fileId) }, { $set: { data: Buffer.from('modified') } });
    await expect(getDocument(db.connection, tenantId, stored.id)).rejects.toMatchObject({ code: 'document.corrupt' });
  });

  it('stores a version under a given id once, and deletes one version of this firm only', async () => {
    const documentKey = `genere-${new Types.ObjectId()}`;
    const versionId = String(new Types.ObjectId());
    const put = (text: string) =>
      putDocument(db.connection, tenantId, {
        documentKey,
        versionId,
        filename: 'courrier.txt',
        contentType: 'text/plain',
        bytes: Buffer.from(text),
      });
    const [a, b] = await Promise.all([put('premier'), put('premier')]);
    expect(a?.id).toBe(versionId);
    expect(b?.id).toBe(versionId);
    expect((await listDocumentVersions(db.connection, tenantId, documentKey)).length).toBe(1);
    const otherFirm = String(new Types.ObjectId());
    expect(await deleteDocumentVersion(db.connection, otherFirm, versionId)).toBe(false);
    expect(await deleteDocumentVersion(db.connection, tenantId, versionId)).toBe(true);
    expect(await deleteDocumentVersion(db.connection, tenantId, versionId)).toBe(false);
    expect(await listDocumentVersions(db.connection, tenantId, documentKey)).toEqual([]);
  });
});
