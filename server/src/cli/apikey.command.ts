import { parseArgs } from 'node:util';
import { appendAudit } from '@iapm/runtime';
import { TenantRepository } from '../db/tenant-repository.ts';
import { HttpProblem } from '../http/problem.ts';
import { ApiKeyService } from '../services/api-key.service.ts';
import { type CliDatabase, openCliDatabase } from './cli-database.ts';
import type { CliIo } from './main.ts';

/** `iapm apikey create --tenant ID [--name NAME] [--json]`: a new API key of a firm, shown once. */
export async function apikeyCommand(argv: string[], io: CliIo, open: () => Promise<CliDatabase> = openCliDatabase) {
  const [sub, ...rest] = argv;
  if (sub !== 'create') {
    io.err('iapm apikey: only "create" is available\n');
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      tenant: { type: 'string' },
      name: { type: 'string', default: 'Clé créée en ligne de commande' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.tenant || !/^[0-9a-f]{24}$/.test(values.tenant)) {
    io.err('iapm apikey create: --tenant ID (24 hexadecimal characters) is required\n');
    return 2;
  }
  const name = values.name.trim().slice(0, 120) || 'Clé créée en ligne de commande';
  const db = await open();
  try {
    const tenant = await db.models.Tenant.findById(values.tenant, { name: 1, status: 1 }).lean();
    if (!tenant) {
      io.err(`iapm apikey create: no firm ${values.tenant} / aucun cabinet ${values.tenant}\n`);
      return 1;
    }
    const repo = new TenantRepository(db.models, values.tenant);
    let created: Awaited<ReturnType<ApiKeyService['create']>>;
    try {
      created = await new ApiKeyService().create(repo, name, {
        kind: 'api-key',
        id: 'cli',
        role: 'SYSTEM',
        tenantId: values.tenant,
      });
    } catch (error) {
      if (error instanceof HttpProblem) {
        io.err(`iapm apikey create: ${error.title.fr} / ${error.title.en}\n`);
        return 1;
      }
      throw error;
    }
    await appendAudit(db.models.Tenant.db, values.tenant, {
      actor: { kind: 'system', id: 'cli' },
      action: 'api-key.create',
      target: { type: 'api-key', id: created.apiKey.id },
      details: { via: 'cli' },
    });
    if (values.json)
      io.out(
        `${JSON.stringify({ tenantId: values.tenant, apiKeyId: created.apiKey.id, name, apiKey: created.key })}\n`,
      );
    else
      io.out(
        `Clé d'API créée pour ${tenant.name} (${values.tenant}) : ${created.apiKey.id}\n` +
          `  Clé (affichée une seule fois) : ${created.key}\n`,
      );
    return 0;
  } finally {
    await db.close();
  }
}
