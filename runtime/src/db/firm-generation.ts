import { randomUUID } from 'node:crypto';
import type { Connection, Schema } from 'mongoose';
import { CoalescedRead } from './coalesced-read.ts';

/**
 * A firm's generation: one small document per firm in `firm_generations` (`_id` = the firm's id) whose
 * `token` changes whenever something the event API keeps in memory about the firm changes:
 * - its event routing: a workflow published, enabled, disabled, archived, restored or rolled back, or a
 *   correlated wait opened for an event type the firm had no wait for;
 * - the firm itself: its status (active, suspended) and its configuration (run policy, cascade depth);
 * - its API keys: a key revoked, removed or moved.
 * Every process reads the token by `_id` (indexed) once per event, and keeps what it loaded under a token
 * while the token is unchanged: a change made by another process sharing the database is seen by the very
 * next request, with one `_id` read instead of reading the key, the firm and scanning `workflows` each time.
 *
 * The token is a fresh random value, never a counter: FerretDB v1 does not make concurrent updates of one
 * document atomic, and two bumps racing may keep either value — but never the one before them, which is all
 * a reader needs to see that its copy is stale. A writer bumps after its change, a reader reads the token
 * before what it caches under it, so a cached copy can only be older than its token's change when it will be
 * reloaded.
 */
export const FIRM_GENERATIONS = 'firm_generations';

interface GenerationDoc {
  _id: string;
  token: string;
  at: Date;
}

/** Marks what the firm's requests depend on as changed (resolves once the new token is written). */
export async function bumpFirmGeneration(connection: Connection, tenantId: unknown): Promise<void> {
  const generations = connection.collection<GenerationDoc>(FIRM_GENERATIONS);
  const _id = String(tenantId);
  const set = { $set: { token: randomUUID(), at: new Date() } };
  try {
    await generations.updateOne({ _id }, set, { upsert: true });
  } catch (error) {
    // Two first bumps raced to create the document: it exists now, so update it.
    if ((error as { code?: number }).code !== 11000) throw error;
    await generations.updateOne({ _id }, set);
  }
}

/** The firm's current token (null before its first change), read now. */
export async function readFirmGeneration(connection: Connection, tenantId: string): Promise<string | null> {
  const doc = await connection.collection<GenerationDoc>(FIRM_GENERATIONS).findOne({ _id: tenantId });
  return doc?.token ?? null;
}

const sharedReads = new WeakMap<Connection, CoalescedRead<string | null>>();

/**
 * The firm's current token, with the reads of concurrent requests shared (see CoalescedRead: a caller never
 * gets a read sent before it arrived). What every cache keyed by the generation calls.
 */
export function firmGeneration(connection: Connection, tenantId: string): Promise<string | null> {
  let reads = sharedReads.get(connection);
  if (!reads) {
    reads = new CoalescedRead<string | null>();
    sharedReads.set(connection, reads);
  }
  return reads.get(tenantId, () => readFirmGeneration(connection, tenantId));
}

/** The query middleware names of every write by filter. */
const WRITE_NAMES = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const;
export const QUERY_WRITES: (typeof WRITE_NAMES)[number][] = [...WRITE_NAMES];

/** Whether an update names one of `fields` (at the top level or under an operator such as `$set`). */
export function touchesFields(update: unknown, fields: readonly string[]): boolean {
  if (!update || typeof update !== 'object') return true;
  if (Array.isArray(update)) return true; // an aggregation pipeline update: assume it does
  for (const [key, value] of Object.entries(update as Record<string, unknown>)) {
    if (key.startsWith('$')) {
      if (value && typeof value === 'object' && Object.keys(value).some((field) => fields.includes(field))) return true;
    } else if (fields.includes(key)) return true;
  }
  return false;
}

const isId = (value: unknown) =>
  typeof value === 'string' || (!!value && typeof value === 'object' && 'toHexString' in value);

/** The value of `field` a filter names (directly, or inside `$and`), if it names exactly one. */
export function fieldOfFilter(filter: unknown, field: '_id' | 'tenantId'): string | undefined {
  if (!filter || typeof filter !== 'object') return undefined;
  const f = filter as Record<string, unknown>;
  if (isId(f[field])) return String(f[field]);
  if (Array.isArray(f.$and)) {
    for (const part of f.$and) {
      const found = fieldOfFilter(part, field);
      if (found) return found;
    }
  }
  return undefined;
}

/** The firm named by a filter (`tenantId`, possibly inside `$and`), if it names exactly one. */
export const tenantOfFilter = (filter: unknown) => fieldOfFilter(filter, 'tenantId');

type WriteQuery = {
  op?: string;
  getFilter(): Record<string, unknown>;
  getUpdate(): unknown;
  model: { db: Connection; distinct(field: string, filter: unknown): PromiseLike<unknown[]> };
  _generationFirms?: string[];
};

/**
 * Bumps the generation of the firms a model's writes reach, before each write resolves: every write made
 * through the model that changes one of `fields` (every write when `fields` is absent), every removal, every
 * new document. `firm` names the field holding the firm's id: `tenantId` for a firm's documents, `_id` for
 * the firms themselves. A write whose filter does not name its firm (rare: maintenance code) bumps every
 * firm it reaches. Writes that bypass the models (a raw collection update) bump nothing: the caches bound
 * how long they can go unseen by their age.
 */
export function bumpGenerationOnWrites(
  schema: Schema,
  options: { firm: '_id' | 'tenantId'; fields?: readonly string[] },
): void {
  const { firm, fields } = options;
  schema.pre(QUERY_WRITES, { document: false, query: true }, async function (this: WriteQuery) {
    const op = this.op ?? '';
    const removes = op.startsWith('delete') || op === 'findOneAndDelete';
    if (!removes && fields && !touchesFields(this.getUpdate(), fields)) return;
    const filter = this.getFilter();
    const named = fieldOfFilter(filter, firm);
    this._generationFirms = named ? [named] : (await this.model.distinct(firm, filter)).map(String);
  });
  schema.post(QUERY_WRITES, { document: false, query: true }, async function (this: WriteQuery) {
    for (const id of this._generationFirms ?? []) await bumpFirmGeneration(this.model.db, id);
  });
  schema.post('save', async (doc: Record<string, unknown> & { db: Connection }) => {
    await bumpFirmGeneration(doc.db, doc[firm]);
  });
  schema.post('insertMany', async function (this: { db: Connection }, docs: unknown) {
    const firms = new Set((docs as Record<string, unknown>[]).map((d) => String(d[firm])));
    for (const id of firms) await bumpFirmGeneration(this.db, id);
  });
}
