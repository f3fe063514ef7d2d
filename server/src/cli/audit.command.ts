import { parseArgs } from 'node:util';
import { verifyAuditChain } from '@iapm/runtime';
import { PLATFORM_AUDIT_TENANT } from '../http/audit-trail.ts';
import { type CliDatabase, openCliDatabase } from './cli-database.ts';
import type { CliIo } from './main.ts';

/**
 * `iapm audit verify [--tenant ID] [--json]`: walks the hash-chained audit log of one firm, or of every firm
 * and of the platform, and names the first entry that does not check out. Exit 1 when a chain is broken.
 */
export async function auditCommand(argv: string[], io: CliIo, open: () => Promise<CliDatabase> = openCliDatabase) {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') {
    io.err('iapm audit: only "verify" is available\n');
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { tenant: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (values.tenant !== undefined && !/^[0-9a-f]{24}$/.test(values.tenant)) {
    io.err('iapm audit verify: --tenant takes a firm id (24 hexadecimal characters)\n');
    return 2;
  }
  const db = await open();
  try {
    const firms = values.tenant
      ? await db.models.Tenant.find({ _id: values.tenant }, { name: 1 }).lean()
      : await db.models.Tenant.find({}, { name: 1 }).sort({ _id: 1 }).lean();
    if (values.tenant && firms.length === 0) {
      io.err(`iapm audit verify: no firm ${values.tenant} / aucun cabinet ${values.tenant}\n`);
      return 1;
    }
    const logs = firms.map((f) => ({ tenantId: String(f._id), name: f.name as string }));
    if (!values.tenant) logs.push({ tenantId: PLATFORM_AUDIT_TENANT, name: 'Plateforme / platform' });
    const results = [];
    for (const log of logs) results.push({ ...log, ...(await verifyAuditChain(db.models.Tenant.db, log.tenantId)) });
    const broken = results.filter((r) => !r.ok);
    if (values.json) io.out(`${JSON.stringify({ ok: broken.length === 0, logs: results })}\n`);
    else {
      for (const r of results) {
        if (r.ok) io.out(`ok      ${r.tenantId}  ${r.name}: ${r.entries} entrée(s) / entries\n`);
        else io.out(`ROMPU   ${r.tenantId}  ${r.name}: ${r.message.fr}\n        ${r.message.en}\n`);
      }
      io.out(
        broken.length
          ? `${broken.length} journal(aux) rompu(s) / broken log(s)\n`
          : `Tous les journaux sont intègres / every log checks out (${results.length})\n`,
      );
    }
    return broken.length ? 1 : 0;
  } finally {
    await db.close();
  }
}
