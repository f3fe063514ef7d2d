import type { Connection } from 'mongoose';
import { Types } from 'mongoose';

/** Reads a firm's secret by name (`AGENDA_WEBHOOK_SECRET`, `TWILIO_AUTH_TOKEN`…); undefined when not set. */
export type SecretResolver = (tenantId: string, name: string) => Promise<string | undefined>;

interface SecretRecord {
  _id: string;
  tenantId: Types.ObjectId;
  name: string;
  value: string;
  updatedAt: Date;
}

const COLLECTION = 'firm_secrets';
const NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Secrets stored per firm in the `firm_secrets` collection, keyed by firm and name (the `_id` holds both, so a
 * secret of one firm can never be read under another's id). Workflow documents and configuration only ever
 * hold a secret's name; its value is never logged nor returned in a step's output.
 */
export function databaseSecrets(connection: Connection): SecretResolver {
  return async (tenantId, name) => {
    if (!NAME.test(name) || !Types.ObjectId.isValid(tenantId)) return undefined;
    // By `_id` alone (indexed on FerretDB v1), the firm checked here.
    const record = await connection.collection<SecretRecord>(COLLECTION).findOne({ _id: `${tenantId}:${name}` });
    return record && String(record.tenantId) === tenantId ? record.value : undefined;
  };
}

/** Stores (or replaces) a firm's secret. */
export async function putFirmSecret(connection: Connection, tenantId: string, name: string, value: string) {
  if (!NAME.test(name)) throw new Error(`invalid secret name: ${name}`);
  await connection
    .collection<SecretRecord>(COLLECTION)
    .updateOne(
      { _id: `${tenantId}:${name}` },
      { $set: { tenantId: new Types.ObjectId(tenantId), name, value, updatedAt: new Date() } },
      { upsert: true },
    );
}
