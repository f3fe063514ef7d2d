import { firmGeneration, type Models } from '@iapm/runtime/db';
import { idOfHash } from '../services/tokens.ts';

/** A valid API key, as a request sees it. */
export interface CheckedKey {
  id: string;
  name: string;
  tenantId: string;
  suspended: boolean;
  /** The firm's generation token this answer holds under (the event routing reuses it). */
  generation: string | null;
}

interface Entry {
  id: string;
  name: string;
  tenantId: string;
  revoked: boolean;
  suspended: boolean;
  generation: string | null;
  at: number;
}

/**
 * Safety net for writes that bypass the models (and so do not bump the generation): an entry is re-read
 * after this long whatever the token says.
 */
export const KEY_ENTRY_MAX_AGE_MS = 30_000;
const MAX_ENTRIES = 10_000;

/** What each process knows of the keys it has seen, by database and key hash. */
const entries = new Map<string, Entry>();

/** The stored key of a hash: by `_id` (derived from the hash); keys stored before ids were derived by their hash. */
async function readKey(models: Models, hash: string) {
  const projection = { tenantId: 1, name: 1, keyHash: 1, revokedAt: 1 };
  const byId = await models.ApiKey.findById(idOfHash(hash), projection).lean();
  if (byId) return byId.keyHash === hash ? byId : null;
  return models.ApiKey.findOne({ keyHash: hash }, projection).lean();
}

/** Reads the key and its firm after `generation` was read, and keeps the answer under it. */
async function load(models: Models, cacheKey: string, hash: string, tenantId: string, generation: string | null) {
  const [key, tenant] = await Promise.all([
    readKey(models, hash),
    models.Tenant.findById(tenantId, { status: 1 }).lean(),
  ]);
  if (!key || !tenant || String(key.tenantId) !== tenantId) {
    entries.delete(cacheKey);
    return null;
  }
  const entry: Entry = {
    id: String(key._id),
    name: key.name,
    tenantId,
    revoked: Boolean(key.revokedAt),
    suspended: tenant.status === 'suspended',
    generation,
    at: Date.now(),
  };
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(cacheKey, entry);
  return entry;
}

/**
 * Checks an API key by its hash: null when no such key exists or it is revoked. The answer is kept under its
 * firm's generation (db/firm-generation.ts), which a revocation, a suspension or a change of the firm bumps:
 * each request reads the firm's token by `_id` (shared by concurrent requests, never older than the request)
 * and uses what it knows while the token is unchanged — so a key revoked by any process sharing the
 * database is refused by the very next request, at the cost of one read that the event routing then reuses.
 * A key this process has not seen yet is read once to learn its firm, then checked under the firm's token.
 */
export async function checkApiKey(models: Models, hash: string): Promise<CheckedKey | null> {
  const connection = models.ApiKey.db;
  const cacheKey = `${connection.name}:${hash}`;
  let tenantId = entries.get(cacheKey)?.tenantId;
  if (!tenantId) {
    const key = await readKey(models, hash);
    if (!key) return null;
    tenantId = String(key.tenantId);
  }
  const generation = await firmGeneration(connection, tenantId);
  const known = entries.get(cacheKey);
  const entry =
    known && known.generation === generation && Date.now() - known.at < KEY_ENTRY_MAX_AGE_MS
      ? known
      : await load(models, cacheKey, hash, tenantId, generation);
  if (!entry || entry.revoked) return null;
  return {
    id: entry.id,
    name: entry.name,
    tenantId: entry.tenantId,
    suspended: entry.suspended,
    generation: entry.generation,
  };
}
