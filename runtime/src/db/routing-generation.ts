import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';

/**
 * A firm's routing generation: one small document per firm in `routing_generations` (`_id` = the firm's id)
 * whose `token` changes whenever what routes the firm's events changes — a workflow published, enabled,
 * disabled, archived, restored or rolled back, or a correlated wait opened for an event type the firm had no
 * wait for. Every process reads it by `_id` (indexed) for each event, and keeps its routing table while the
 * token is the one it loaded the table under: a change made by another process sharing the database is seen
 * by the very next event, with one `_id` read instead of scans of `workflows` and `run_subscriptions`.
 *
 * The token is a fresh random value, never a counter: FerretDB v1 does not make concurrent updates of one
 * document atomic, and two bumps racing may keep either value — but never the one before them, which is all
 * a reader needs to see that its table is stale. A writer bumps after its change, a reader reads the token
 * before loading its table, so a table can only be older than its token's change when it will be reloaded.
 */
export const ROUTING_GENERATIONS = 'routing_generations';

interface GenerationDoc {
  _id: string;
  token: string;
  at: Date;
}

/** Marks the firm's routing as changed (resolves once the new token is written). */
export async function bumpRoutingGeneration(connection: Connection, tenantId: unknown): Promise<void> {
  const generations = connection.collection<GenerationDoc>(ROUTING_GENERATIONS);
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

/** The firm's current routing token (null before its first change). */
export async function readRoutingGeneration(connection: Connection, tenantId: string): Promise<string | null> {
  const doc = await connection.collection<GenerationDoc>(ROUTING_GENERATIONS).findOne({ _id: tenantId });
  return doc?.token ?? null;
}

/** Fields of a workflow whose change alters how events are routed. */
const ROUTING_FIELDS = ['status', 'enabled', 'publishedVersion', 'triggerEvent', 'tenantId'];

/** The query middleware names of every write by filter (mongoose `pre`/`post` hooks on writes that can change routing). */
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

/** Whether an update names a routing field (at the top level or under an operator such as `$set`). */
export function touchesRouting(update: unknown): boolean {
  if (!update || typeof update !== 'object') return true;
  if (Array.isArray(update)) return true; // an aggregation pipeline update: assume it does
  for (const [key, value] of Object.entries(update as Record<string, unknown>)) {
    if (key.startsWith('$')) {
      if (value && typeof value === 'object' && Object.keys(value).some((field) => ROUTING_FIELDS.includes(field)))
        return true;
    } else if (ROUTING_FIELDS.includes(key)) return true;
  }
  return false;
}

/** The firm named by a filter (`tenantId`, possibly inside `$and`), if it names exactly one. */
export function tenantOfFilter(filter: unknown): string | undefined {
  if (!filter || typeof filter !== 'object') return undefined;
  const f = filter as Record<string, unknown>;
  const direct = f.tenantId;
  if (typeof direct === 'string' || (direct && typeof direct === 'object' && 'toHexString' in direct))
    return String(direct);
  if (Array.isArray(f.$and)) {
    for (const part of f.$and) {
      const found = tenantOfFilter(part);
      if (found) return found;
    }
  }
  return undefined;
}
