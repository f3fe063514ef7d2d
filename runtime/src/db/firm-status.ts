import type { Connection, Schema } from 'mongoose';
import type { Models } from './models/index.ts';
import { bumpRoutingGeneration, QUERY_WRITES } from './routing-generation.ts';

/**
 * A firm's status (active or suspended) as the API-key check needs it on every request of the event API,
 * cached per process for `FIRM_STATUS_TTL_MS`. A write to a firm made through the `Tenant` model in this
 * process forgets its entry at once (so a suspension made here is refused by the next request); another
 * process sharing the database sees a suspension within the TTL. API keys are never cached: a revoked key
 * is refused at once everywhere.
 */
export const FIRM_STATUS_TTL_MS = 5_000;

const cache = new Map<string, { status: string; at: number }>();

/** The firm's status, or null when it does not exist. */
export async function firmStatus(models: Models, tenantId: string, now = Date.now()): Promise<string | null> {
  const hit = cache.get(tenantId);
  if (hit && now - hit.at < FIRM_STATUS_TTL_MS) return hit.status;
  const tenant = await models.Tenant.findById(tenantId, { status: 1 }).lean();
  if (!tenant) {
    cache.delete(tenantId);
    return null;
  }
  if (cache.size >= 10_000) cache.clear();
  cache.set(tenantId, { status: tenant.status ?? 'active', at: now });
  return tenant.status ?? 'active';
}

/** Forgets the cached status of a firm, or of every firm. */
export function forgetFirmStatus(tenantId?: string): void {
  if (tenantId === undefined) cache.clear();
  else cache.delete(tenantId);
}

type FirmQuery = {
  getFilter(): Record<string, unknown>;
  model: { db: Connection; distinct(field: string, filter: unknown): PromiseLike<unknown[]> };
  _firmIds?: string[];
};

/**
 * Every write to a firm through this schema's model forgets its cached status in this process and bumps its
 * routing generation (its configuration — run policy, cascade depth — is cached with its event routing, see
 * routing-generation.ts), before the write resolves.
 */
export function watchFirmWrites(schema: Schema): void {
  schema.pre(QUERY_WRITES, { document: false, query: true }, async function (this: FirmQuery) {
    const id = this.getFilter()._id;
    this._firmIds =
      typeof id === 'string' || (id && typeof id === 'object' && 'toHexString' in id)
        ? [String(id)]
        : (await this.model.distinct('_id', this.getFilter())).map(String);
  });
  schema.post(QUERY_WRITES, { document: false, query: true }, async function (this: FirmQuery) {
    for (const id of this._firmIds ?? []) {
      forgetFirmStatus(id);
      await bumpRoutingGeneration(this.model.db, id);
    }
  });
  schema.post('save', async (doc: { _id: unknown; db: Connection }) => {
    forgetFirmStatus(String(doc._id));
    await bumpRoutingGeneration(doc.db, doc._id);
  });
}
