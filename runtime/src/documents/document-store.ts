import { createHash, randomUUID } from 'node:crypto';
import { GridFSBucket, type ObjectId } from 'mongodb';
import { type Connection, Types } from 'mongoose';
import { getModels } from '../db/models/index.ts';

/** The bucket holding documents' bytes (`documents.files`, `documents.chunks`). */
export const DOCUMENT_BUCKET = 'documents';
const MAX_ATTEMPTS = 20;

/** What `putDocument` stores. */
export interface NewDocument {
  /** Same for every version of one document; a new key starts at version 1. Default: a new key. */
  documentKey?: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  workspaceId?: string;
  documentType?: string;
  source?: 'upload' | 'email' | 'generated';
  uploadedBy?: 'client' | 'lawyer' | 'system';
  tags?: string[];
  /**
   * The new version's id, when the caller derives it from an idempotency key: storing the same id again
   * returns the version already stored instead of adding one.
   */
  versionId?: string;
}

/** One stored version's metadata. */
export interface DocumentVersion {
  id: string;
  documentKey: string;
  version: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  fileId: string;
  workspaceId?: string;
  documentType?: string;
  source: string;
  createdAt?: Date;
}

/** A document's failure to read back: missing, of another firm, or bytes that no longer match their SHA-256. */
export class DocumentError extends Error {
  constructor(
    readonly code: 'document.not-found' | 'document.corrupt',
    message: string,
  ) {
    super(message);
  }
}

const bucket = (connection: Connection) =>
  new GridFSBucket(connection.db as never, { bucketName: DOCUMENT_BUCKET }) as GridFSBucket;

function toVersion(doc: Record<string, unknown>): DocumentVersion {
  return {
    id: String(doc._id),
    documentKey: doc.documentKey as string,
    version: doc.version as number,
    filename: doc.filename as string,
    contentType: doc.contentType as string,
    size: doc.size as number,
    sha256: doc.sha256 as string,
    fileId: String(doc.fileId),
    ...(doc.workspaceId ? { workspaceId: String(doc.workspaceId) } : {}),
    ...(doc.documentType ? { documentType: doc.documentType as string } : {}),
    source: (doc.source as string) ?? 'upload',
    ...(doc.createdAt ? { createdAt: doc.createdAt as Date } : {}),
  };
}

/**
 * Stores a new version of a document: the bytes in GridFS (tagged with the firm), then the metadata with the
 * SHA-256 and the next version number. A version is never overwritten: the number is taken by a unique
 * (tenantId, documentKey, version) insert, and a writer that loses the race takes the next one. If the
 * metadata cannot be written the bytes are deleted again, so nothing half-written stays behind.
 */
export async function putDocument(
  connection: Connection,
  tenantId: string,
  input: NewDocument,
): Promise<DocumentVersion> {
  const { Document } = getModels(connection);
  await Document.init();
  const tenant = new Types.ObjectId(tenantId);
  const documentKey = input.documentKey ?? randomUUID();
  const versionId = input.versionId ? new Types.ObjectId(input.versionId) : undefined;
  const already = async () => {
    if (!versionId) return undefined;
    const doc = await Document.findById(versionId).lean();
    if (doc && String(doc.tenantId) !== tenantId) throw new Error(`document version ${versionId} is another firm's`);
    return doc ? toVersion(doc as Record<string, unknown>) : undefined;
  };
  const existing = await already();
  if (existing) return existing;
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const files = bucket(connection);
  const upload = files.openUploadStream(input.filename, {
    metadata: { tenantId: tenant, documentKey, sha256, contentType: input.contentType },
  });
  await new Promise<void>((resolve, reject) => {
    upload.once('finish', () => resolve());
    upload.once('error', reject);
    upload.end(input.bytes);
  });
  const fileId = upload.id as ObjectId;
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const last = await Document.findOne({ tenantId: tenant, documentKey }, { version: 1 })
        .sort({ version: -1 })
        .lean();
      const doc = {
        _id: versionId ?? new Types.ObjectId(),
        tenantId: tenant,
        documentKey,
        version: (last?.version ?? 0) + 1,
        filename: input.filename,
        contentType: input.contentType,
        size: input.bytes.length,
        sha256,
        fileId,
        source: input.source ?? 'upload',
        uploadedBy: input.uploadedBy ?? 'system',
        tags: input.tags ?? [],
        ...(input.workspaceId ? { workspaceId: new Types.ObjectId(input.workspaceId) } : {}),
        ...(input.documentType ? { documentType: input.documentType } : {}),
      };
      try {
        const created = await Document.create(doc);
        return toVersion(created.toObject() as Record<string, unknown>);
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        // The same version id stored meanwhile by a repeated execution: keep that one, drop these bytes.
        const stored = await already();
        if (stored) {
          await files.delete(fileId).catch(() => {});
          return stored;
        }
      }
    }
    throw new Error(`document ${documentKey}: no free version number after ${MAX_ATTEMPTS} attempts`);
  } catch (error) {
    await files.delete(fileId).catch(() => {});
    throw error;
  }
}

/** A version's metadata, of this firm only (by the version's id). */
export async function findDocument(
  connection: Connection,
  tenantId: string,
  documentId: string,
): Promise<DocumentVersion | undefined> {
  if (!Types.ObjectId.isValid(documentId) || documentId.length !== 24) return undefined;
  const doc = await getModels(connection)
    .Document.findOne({ _id: new Types.ObjectId(documentId), tenantId: new Types.ObjectId(tenantId) })
    .lean();
  return doc ? toVersion(doc as Record<string, unknown>) : undefined;
}

/** The versions of one document, oldest first. */
export async function listDocumentVersions(
  connection: Connection,
  tenantId: string,
  documentKey: string,
): Promise<DocumentVersion[]> {
  const docs = await getModels(connection)
    .Document.find({ tenantId: new Types.ObjectId(tenantId), documentKey })
    .sort({ version: 1 })
    .lean();
  return docs.map((d) => toVersion(d as Record<string, unknown>));
}

/**
 * Reads a version and its bytes, checking that they belong to the firm and still match their SHA-256 (a
 * document altered in storage is refused rather than sent).
 */
export async function getDocument(
  connection: Connection,
  tenantId: string,
  documentId: string,
): Promise<{ meta: DocumentVersion; bytes: Buffer }> {
  const meta = await findDocument(connection, tenantId, documentId);
  if (!meta) throw new DocumentError('document.not-found', `document ${documentId} not found`);
  const files = bucket(connection);
  const fileId = new Types.ObjectId(meta.fileId);
  const [file] = await files.find({ _id: fileId }).toArray();
  const owner = (file?.metadata as { tenantId?: unknown } | undefined)?.tenantId;
  if (!file || String(owner) !== tenantId) {
    throw new DocumentError('document.not-found', `document ${documentId} has no stored bytes`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of files.openDownloadStream(fileId)) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (createHash('sha256').update(bytes).digest('hex') !== meta.sha256) {
    throw new DocumentError('document.corrupt', `document ${documentId}: bytes do not match their SHA-256`);
  }
  return { meta, bytes };
}

/**
 * Deletes one version (its metadata, then its bytes), of this firm only; the other versions stay. Returns
 * false when there is nothing (left) to delete. Used to undo a generated version.
 */
export async function deleteDocumentVersion(
  connection: Connection,
  tenantId: string,
  documentId: string,
): Promise<boolean> {
  const meta = await findDocument(connection, tenantId, documentId);
  if (!meta) return false;
  await getModels(connection).Document.deleteOne({ _id: new Types.ObjectId(documentId) });
  await bucket(connection)
    .delete(new Types.ObjectId(meta.fileId))
    .catch(() => {});
  return true;
}
