import { getModels } from '@iapm/runtime/db';
import { useTestDatabase } from '@iapm/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { apikeyCommand } from './apikey.command.ts';
import { auditCommand } from './audit.command.ts';
import type { CliDatabase } from './cli-database.ts';
import { tenantCommand } from './tenant.command.ts';

const db = await useTestDatabase(import.meta.url);
const models = getModels(db.connection);
/** The commands open the test database (and leave it open: the file's teardown closes it). */
const open = async (): Promise<CliDatabase> => ({ models, close: async () => {} });
const app = createApp({ connection: db.connection, models, databaseKind: db.kind });

async function run(command: typeof tenantCommand, args: string[]) {
  let out = '';
  let err = '';
  const code = await command(args, { out: (t) => (out += t), err: (t) => (err += t) }, open);
  return { code, out, err };
}

describe('iapm tenant create / apikey create / audit verify', () => {
  it('creates a firm and prints {tenantId, adminEmail, adminPassword, apiKey} that work', async () => {
    const created = await run(tenantCommand, [
      'create',
      '--name',
      'Cabinet CLI',
      '--admin-email',
      'cli@cabinet.example',
      '--json',
    ]);
    expect(created.code).toBe(0);
    const firm = JSON.parse(created.out);
    expect(Object.keys(firm).sort()).toEqual(['adminEmail', 'adminPassword', 'apiKey', 'tenantId']);
    expect(firm.adminPassword.length).toBeGreaterThanOrEqual(12);
    await request(app).get('/api/workflows').set('authorization', `Bearer ${firm.apiKey}`).expect(200);
    await request(app)
      .post('/api/auth/login')
      .send({ email: firm.adminEmail, password: firm.adminPassword })
      .expect(200);

    const key = await run(apikeyCommand, ['create', '--tenant', firm.tenantId, '--name', 'Connecteur CRM', '--json']);
    expect(key.code).toBe(0);
    const made = JSON.parse(key.out);
    expect(made).toMatchObject({ tenantId: firm.tenantId, name: 'Connecteur CRM' });
    expect(made.apiKey).toMatch(/^iapm_/);
    await request(app).get('/api/workflows').set('authorization', `Bearer ${made.apiKey}`).expect(200);
    // The Basic plan allows two keys: the first one and this one.
    const over = await run(apikeyCommand, ['create', '--tenant', firm.tenantId]);
    expect(over.code).toBe(1);
    expect(over.err).toMatch(/offre|plan/i);
    await models.Tenant.updateOne({ _id: firm.tenantId }, { $set: { plan: 'Premium' } });
    const text = await run(apikeyCommand, ['create', '--tenant', firm.tenantId]);
    expect(text.out).toMatch(/Clé \(affichée une seule fois\) : iapm_/);

    const verified = await run(auditCommand, ['verify', '--tenant', firm.tenantId, '--json']);
    expect(verified.code).toBe(0);
    const report = JSON.parse(verified.out);
    expect(report.ok).toBe(true);
    // tenant.create, two api-key.create, and the sign-in above.
    expect(report.logs[0]).toMatchObject({ tenantId: firm.tenantId, ok: true, entries: 4 });
  });

  it('reports a broken chain with exit 1, naming the entry', async () => {
    const firm = await models.Tenant.findOne({ name: 'Cabinet CLI' }).lean();
    await models.AuditEntry.deleteOne({ tenantId: firm?._id, sequence: 2 });
    const all = await run(auditCommand, ['verify']);
    expect(all.code).toBe(1);
    expect(all.out).toMatch(/ROMPU/);
    expect(all.out).toMatch(/Entry #2 is missing before entry #3/);
    expect(all.out).toMatch(/Plateforme/);
  });

  it('refuses bad usage and unknown firms', async () => {
    expect((await run(apikeyCommand, ['create'])).code).toBe(2);
    expect((await run(apikeyCommand, ['create', '--tenant', '0123456789abcdef01234567'])).code).toBe(1);
    expect((await run(auditCommand, ['check'])).code).toBe(2);
    expect((await run(auditCommand, ['verify', '--tenant', 'nope'])).code).toBe(2);
  });
});
