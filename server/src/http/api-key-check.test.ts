import { getModels, type Models } from '@iapm/runtime/db';
import { useTestDatabase } from '@iapm/runtime/testing';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantRepository } from '../db/tenant-repository.ts';
import { ApiKeyService } from '../services/api-key.service.ts';
import { createTenant, sha256 } from '../services/tenant.service.ts';
import { checkApiKey } from './api-key-check.ts';

// Two connections to one database stand for two server processes sharing it; `watched` records the commands
// this process sends, so that the test sees what a check reads.
let here: Connection;
let elsewhere: Connection;
let models: Models;
let other: Models;
const sent: { command: string; collection: string }[] = [];

beforeAll(async () => {
  const db = await useTestDatabase(import.meta.url);
  here = await mongoose.createConnection(db.uri, { dbName: db.dbName, monitorCommands: true }).asPromise();
  here.getClient().on('commandStarted', (e) => {
    sent.push({ command: e.commandName, collection: String(e.command[e.commandName]) });
  });
  elsewhere = await mongoose.createConnection(db.uri, { dbName: db.dbName }).asPromise();
  models = getModels(here);
  other = getModels(elsewhere);
}, 60_000);
afterAll(async () => {
  await here?.close();
  await elsewhere?.close();
});

async function newFirm(name: string) {
  const firm = await createTenant(other, { name, adminEmail: `${name.toLowerCase()}@cabinet.example` });
  return { ...firm, hash: sha256(firm.apiKey) };
}

const reads = async (check: () => Promise<unknown>) => {
  sent.length = 0;
  await check();
  return sent.filter((s) => s.command === 'find').map((s) => s.collection);
};

describe('API key check cached under the firm’s generation', () => {
  it('once a key is known, a request reads only its firm’s token', async () => {
    const firm = await newFirm('Lefort');
    expect(await checkApiKey(models, firm.hash)).toMatchObject({ tenantId: firm.tenantId, suspended: false });
    expect(await reads(() => checkApiKey(models, firm.hash))).toEqual(['firm_generations']);
    expect(await reads(() => checkApiKey(models, firm.hash))).toEqual(['firm_generations']);
  });

  it('a key revoked by another process is refused by the next request here', async () => {
    const firm = await newFirm('Garnier');
    const key = await checkApiKey(models, firm.hash);
    expect(key).not.toBeNull();
    // Through the service the API's DELETE calls, in the other process.
    await new ApiKeyService().revoke(new TenantRepository(other, firm.tenantId), String(key?.id));
    expect(await checkApiKey(models, firm.hash)).toBeNull();
    // And stays refused, from what this process now knows (one token read).
    expect(await reads(async () => expect(await checkApiKey(models, firm.hash)).toBeNull())).toEqual([
      'firm_generations',
    ]);
  });

  it('a firm suspended by another process is seen suspended at once, and active again at once', async () => {
    const firm = await newFirm('Perrin');
    expect((await checkApiKey(models, firm.hash))?.suspended).toBe(false);
    await other.Tenant.updateOne({ _id: firm.tenantId }, { $set: { status: 'suspended' } });
    expect((await checkApiKey(models, firm.hash))?.suspended).toBe(true);
    await other.Tenant.findOneAndUpdate({ _id: firm.tenantId }, { $set: { status: 'active' } });
    expect((await checkApiKey(models, firm.hash))?.suspended).toBe(false);
  });

  it('a deleted key or firm is refused; an unknown key reads nothing but its own lookup', async () => {
    const firm = await newFirm('Marchal');
    await checkApiKey(models, firm.hash);
    await other.ApiKey.deleteOne({ tenantId: firm.tenantId });
    expect(await checkApiKey(models, firm.hash)).toBeNull();
    const second = await newFirm('Roche');
    await checkApiKey(models, second.hash);
    await other.Tenant.deleteOne({ _id: second.tenantId });
    expect(await checkApiKey(models, second.hash)).toBeNull();
    expect(await reads(() => checkApiKey(models, sha256('iapm_00000000_inconnue')))).toEqual(['api_keys', 'api_keys']);
  });

  it('another firm’s changes do not make this firm’s keys read again', async () => {
    const firm = await newFirm('Vidal');
    const neighbour = await newFirm('Aubert');
    await checkApiKey(models, firm.hash);
    await other.Tenant.updateOne({ _id: neighbour.tenantId }, { $set: { status: 'suspended' } });
    expect(await reads(() => checkApiKey(models, firm.hash))).toEqual(['firm_generations']);
  });
});
