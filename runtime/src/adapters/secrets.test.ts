import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { databaseSecrets, putFirmSecret } from './secrets.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
});

describe('firm secrets', () => {
  it('gives a firm its own secret, and never another firm’s', async () => {
    const firmA = new Types.ObjectId().toHexString();
    const firmB = new Types.ObjectId().toHexString();
    await putFirmSecret(db.connection, firmA, 'CRM_TOKEN', 'valeur-a');
    const secrets = databaseSecrets(db.connection);
    expect(await secrets(firmA, 'CRM_TOKEN')).toBe('valeur-a');
    expect(await secrets(firmB, 'CRM_TOKEN')).toBeUndefined();
    // A record stored under firm B's id but belonging to firm A (written behind the API's back) is not given.
    await db.connection
      .collection<{ _id: string }>('firm_secrets')
      .insertOne({ _id: `${firmB}:STOLEN`, tenantId: new Types.ObjectId(firmA), name: 'STOLEN', value: 'x' } as never);
    expect(await secrets(firmB, 'STOLEN')).toBeUndefined();
  });
});
