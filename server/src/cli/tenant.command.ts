import { parseArgs } from 'node:util';
import { appendAudit } from '@iapm/runtime';
import { createTenant } from '../services/tenant.service.ts';
import { type CliDatabase, openCliDatabase } from './cli-database.ts';
import type { CliIo } from './main.ts';

/**
 * `iapm tenant create --name NAME --admin-email EMAIL [--admin-password PW] [--json]`: a firm with its first
 * ADMIN and a first API key; prints `{tenantId, adminEmail, adminPassword, apiKey}` with `--json`.
 */
export async function tenantCommand(
  argv: string[],
  io: CliIo,
  open: () => Promise<CliDatabase> = openCliDatabase,
): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') {
    io.err('iapm tenant: only "create" is available\n');
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.name || !values['admin-email']) {
    io.err('iapm tenant create: --name and --admin-email are required\n');
    return 2;
  }
  const db = await open();
  try {
    const created = await createTenant(db.models, {
      name: values.name,
      adminEmail: values['admin-email'],
      ...(values['admin-password'] ? { adminPassword: values['admin-password'] } : {}),
    });
    await appendAudit(db.models.Tenant.db, created.tenantId, {
      actor: { kind: 'system', id: 'cli' },
      action: 'tenant.create',
      target: { type: 'tenant', id: created.tenantId },
      details: { via: 'cli' },
    });
    if (values.json) io.out(`${JSON.stringify(created)}\n`);
    else {
      io.out(
        `Cabinet créé : ${created.tenantId}\n  Administrateur : ${created.adminEmail} / ${created.adminPassword}\n`,
      );
      io.out(`  Clé d'API (affichée une seule fois) : ${created.apiKey}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
