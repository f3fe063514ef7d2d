import type { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { notFound } from '../http/problem.ts';
import { assertBelowLimit } from './plan.service.ts';
import { newApiKey } from './tokens.ts';

interface KeyDoc {
  _id: unknown;
  name: string;
  prefix: string;
  createdAt?: Date;
  createdBy?: unknown;
  lastUsedAt?: Date | null;
  revokedAt?: Date | null;
}

/** What is shown of a key after its creation: never the key, only its prefix. */
const keyView = (k: KeyDoc) => ({
  id: String(k._id),
  name: k.name,
  prefix: `iapm_${k.prefix}_…`,
  createdAt: k.createdAt ?? null,
  createdBy: k.createdBy ? String(k.createdBy) : null,
  lastUsedAt: k.lastUsedAt ?? null,
  revokedAt: k.revokedAt ?? null,
});

/** A firm's API keys: created (shown once, stored hashed), listed, revoked (refused from the next request on). */
export class ApiKeyService {
  async list(repo: TenantRepository) {
    const keys = await repo.of('ApiKey').find().sort({ createdAt: -1 }).lean();
    return keys.map((k) => keyView(k as KeyDoc));
  }

  async create(repo: TenantRepository, name: string, actor: Principal) {
    const keys = repo.of('ApiKey');
    await assertBelowLimit(repo, 'maxApiKeys', await keys.countDocuments({ revokedAt: { $exists: false } }));
    const fresh = newApiKey();
    const created = await keys.create({
      _id: fresh.id,
      name,
      prefix: fresh.prefix,
      keyHash: fresh.hash,
      ...(actor.kind === 'user' ? { createdBy: actor.id } : {}),
    });
    return { apiKey: keyView(created.toObject() as KeyDoc), key: fresh.key };
  }

  /** Revokes a key (again: no change). */
  async revoke(repo: TenantRepository, id: string) {
    const keys = repo.of('ApiKey');
    const key = await keys.findById(id).lean();
    if (!key) throw notFound();
    if (!key.revokedAt) await keys.updateOne({ _id: id }, { $set: { revokedAt: new Date() } });
    return keyView({ ...(key as KeyDoc), revokedAt: key.revokedAt ?? new Date() });
  }
}
