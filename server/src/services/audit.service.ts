import { verifyAuditChain } from '@iapm/runtime';
import type { Models } from '@iapm/runtime/db';
import type { ApiTypes } from '@iapm/schemas';
import { Types } from 'mongoose';
import { PLATFORM_AUDIT_TENANT } from '../http/audit-trail.ts';
import type { Principal } from '../http/auth.ts';
import { forbidden } from '../http/problem.ts';

/** The log a caller reads: their firm's, or the platform's for the operator. */
function logOf(principal: Principal): string {
  if (principal.tenantId) return principal.tenantId;
  if (principal.role === 'SUPER_ADMIN') return PLATFORM_AUDIT_TENANT;
  throw forbidden();
}

const entryView = (doc: Record<string, unknown>) => ({
  id: String(doc._id),
  sequence: doc.sequence as number,
  at: doc.at as Date,
  actor: { kind: doc.actorKind as string, id: (doc.actorId as string | undefined) ?? null },
  action: doc.action as string,
  subject: { type: doc.subjectType as string, id: (doc.subjectId as string | undefined) ?? null },
  beforeHash: (doc.beforeHash as string | undefined) ?? null,
  afterHash: (doc.afterHash as string | undefined) ?? null,
  details: (doc.details as Record<string, unknown> | undefined) ?? null,
  previousHash: doc.previousHash as string,
  hash: doc.hash as string,
});

/**
 * Reading the hash-chained audit log: newest first, by pages (`before` = the last sequence seen), and the
 * verification of the whole chain. The log is the firm's own (the operator reads the platform's).
 */
export class AuditService {
  constructor(private readonly models: Models) {}

  async list(principal: Principal, query: ApiTypes['AuditListQuery']) {
    const limit = Math.min(Number(query.limit ?? 50), 200);
    const filter: Record<string, unknown> = { tenantId: new Types.ObjectId(logOf(principal)) };
    if (query.before) filter.sequence = { $lt: Number(query.before) };
    if (query.action) filter.action = query.action;
    const docs = await this.models.AuditEntry.find(filter)
      .sort({ sequence: -1 })
      .limit(limit + 1)
      .lean();
    const items = docs.slice(0, limit).map((d) => entryView(d as Record<string, unknown>));
    const last = items.at(-1);
    return { items, next: docs.length > limit && last ? String(last.sequence) : null };
  }

  async verify(principal: Principal) {
    return verifyAuditChain(this.models.Tenant.db, logOf(principal));
  }
}
