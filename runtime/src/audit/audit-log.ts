import { createHash } from 'node:crypto';
import { type Connection, Types } from 'mongoose';
import { getModels } from '../db/models/index.ts';

/** Who did it. */
export interface AuditActor {
  kind: 'user' | 'api-key' | 'system' | 'workflow';
  id?: string;
}

/** What an append records. `before` and `after` are hashed and never stored: the log holds no case content. */
export interface AuditAppend {
  actor: AuditActor;
  /** e.g. `workspace.updated`, `document.sent`. */
  action: string;
  target: { type: string; id?: string };
  before?: unknown;
  after?: unknown;
  /** Metadata only (ids, channels, counts). */
  details?: Record<string, unknown>;
  at?: Date;
  /** A fixed entry id: appending twice with the same id records one entry (idempotent appends). */
  entryId?: Types.ObjectId;
}

/** A stored entry as the verifier and the callers see it. */
export interface AuditRecord {
  entryId: string;
  sequence: number;
  at: Date;
  actorKind: AuditActor['kind'];
  actorId?: string;
  action: string;
  subjectType: string;
  subjectId?: string;
  beforeHash?: string;
  afterHash?: string;
  details?: Record<string, unknown>;
  previousHash: string;
  hash: string;
}

/** The `previousHash` of a firm's first entry. */
export const GENESIS_HASH = '0'.repeat(64);
const MAX_ATTEMPTS = 100;

/** JSON with object keys sorted at every level, so that equal values always hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value instanceof Types.ObjectId) return JSON.stringify(value.toHexString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The SHA-256 of a state (before or after a change), as the log keeps it. */
export const stateHash = (state: unknown) => sha256(canonicalJson(state));

/** The hash of an entry: every recorded field, the firm and the previous entry's hash. */
export function entryHash(tenantId: string, entry: Omit<AuditRecord, 'hash' | 'entryId'>): string {
  return sha256(
    canonicalJson({
      tenantId,
      sequence: entry.sequence,
      at: entry.at.toISOString(),
      actorKind: entry.actorKind,
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      beforeHash: entry.beforeHash,
      afterHash: entry.afterHash,
      details: entry.details,
      previousHash: entry.previousHash,
    }),
  );
}

function toRecord(doc: Record<string, unknown>): AuditRecord {
  return {
    entryId: String(doc._id),
    sequence: doc.sequence as number,
    at: new Date(doc.at as Date),
    actorKind: doc.actorKind as AuditActor['kind'],
    ...(doc.actorId !== undefined && doc.actorId !== null ? { actorId: doc.actorId as string } : {}),
    action: doc.action as string,
    subjectType: doc.subjectType as string,
    ...(doc.subjectId !== undefined && doc.subjectId !== null ? { subjectId: doc.subjectId as string } : {}),
    ...(doc.beforeHash ? { beforeHash: doc.beforeHash as string } : {}),
    ...(doc.afterHash ? { afterHash: doc.afterHash as string } : {}),
    ...(doc.details !== undefined && doc.details !== null ? { details: doc.details as Record<string, unknown> } : {}),
    previousHash: doc.previousHash as string,
    hash: doc.hash as string,
  };
}

/**
 * Appends an entry to a firm's audit log: sequence = last + 1, chained to the last entry's hash. Safe under
 * concurrency on MongoDB and FerretDB v1 alike: the entry is inserted under a unique (tenantId, sequence)
 * index, so of two writers that read the same last entry exactly one inserts, and the other reads again and
 * retries (no conditional update anywhere — FerretDB v1 does not apply them atomically). With `entryId`, a
 * repeated append finds the first one and returns it.
 */
export async function appendAudit(connection: Connection, tenantId: string, append: AuditAppend): Promise<AuditRecord> {
  const { AuditEntry } = getModels(connection);
  // The unique (tenantId, sequence) index must exist before the first append relies on it.
  await AuditEntry.init();
  const tenant = new Types.ObjectId(tenantId);
  const id = append.entryId ?? new Types.ObjectId();
  const at = append.at ?? new Date();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (append.entryId) {
      const existing = await AuditEntry.findOne({ _id: id, tenantId: tenant }).lean();
      if (existing) return toRecord(existing as Record<string, unknown>);
    }
    const last = await AuditEntry.findOne({ tenantId: tenant }, { sequence: 1, hash: 1 }).sort({ sequence: -1 }).lean();
    const fields: Omit<AuditRecord, 'hash' | 'entryId'> = {
      sequence: (last?.sequence ?? 0) + 1,
      at,
      actorKind: append.actor.kind,
      ...(append.actor.id !== undefined ? { actorId: append.actor.id } : {}),
      action: append.action,
      subjectType: append.target.type,
      ...(append.target.id !== undefined ? { subjectId: append.target.id } : {}),
      ...(append.before !== undefined ? { beforeHash: stateHash(append.before) } : {}),
      ...(append.after !== undefined ? { afterHash: stateHash(append.after) } : {}),
      // Stored as their canonical JSON's value, so that what is hashed is exactly what is read back.
      ...(append.details !== undefined ? { details: JSON.parse(canonicalJson(append.details)) } : {}),
      previousHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = entryHash(tenantId, fields);
    try {
      await AuditEntry.create({ _id: id, tenantId: tenant, ...fields, hash });
      return { entryId: String(id), ...fields, hash };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      // Another writer took this sequence (or this id): read again. A short random pause spreads the retries.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * (attempt + 1))));
    }
  }
  throw new Error(`audit log of ${tenantId}: no free sequence after ${MAX_ATTEMPTS} attempts`);
}

/** What the verifier found. */
export type AuditVerification =
  | { ok: true; entries: number; lastHash: string }
  | {
      ok: false;
      entries: number;
      /** The first entry that does not check out. */
      entryId: string;
      sequence: number;
      reason: 'hash-mismatch' | 'broken-link' | 'sequence-gap';
      message: { fr: string; en: string };
    };

/**
 * Walks a firm's audit log in sequence order and names the first entry that does not check out: its stored
 * hash differs from the hash of its fields (`hash-mismatch`: the entry was altered), its `previousHash` is
 * not the previous entry's hash (`broken-link`: the previous entry was altered or replaced), or its sequence
 * does not follow (`sequence-gap`: an entry was deleted).
 */
export async function verifyAuditChain(connection: Connection, tenantId: string): Promise<AuditVerification> {
  const { AuditEntry } = getModels(connection);
  const cursor = AuditEntry.find({ tenantId: new Types.ObjectId(tenantId) })
    .sort({ sequence: 1 })
    .lean()
    .cursor();
  let previousHash = GENESIS_HASH;
  let expected = 1;
  let count = 0;
  for await (const doc of cursor) {
    const entry = toRecord(doc as Record<string, unknown>);
    count++;
    const fail = (reason: 'hash-mismatch' | 'broken-link' | 'sequence-gap') => {
      const texts = {
        'hash-mismatch': {
          fr: `L'entrée n° ${entry.sequence} (${entry.entryId}) a été modifiée : son empreinte ne correspond plus.`,
          en: `Entry #${entry.sequence} (${entry.entryId}) was altered: its digest no longer matches.`,
        },
        'broken-link': {
          fr: `La chaîne est rompue avant l'entrée n° ${entry.sequence} (${entry.entryId}) : l'entrée précédente a été modifiée ou remplacée.`,
          en: `The chain breaks before entry #${entry.sequence} (${entry.entryId}): the previous entry was altered or replaced.`,
        },
        'sequence-gap': {
          fr: `Entrée n° ${expected} absente avant l'entrée n° ${entry.sequence} (${entry.entryId}).`,
          en: `Entry #${expected} is missing before entry #${entry.sequence} (${entry.entryId}).`,
        },
      } as const;
      return {
        ok: false as const,
        entries: count,
        entryId: entry.entryId,
        sequence: entry.sequence,
        reason,
        message: texts[reason],
      };
    };
    if (entry.sequence !== expected) return fail('sequence-gap');
    const { hash, entryId: _id, ...fields } = entry;
    if (entryHash(tenantId, fields) !== hash) return fail('hash-mismatch');
    if (entry.previousHash !== previousHash) return fail('broken-link');
    previousHash = hash;
    expected++;
  }
  return { ok: true, entries: count, lastHash: previousHash };
}
