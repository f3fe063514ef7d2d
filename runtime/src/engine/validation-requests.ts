import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { DocOf, Models } from '../db/models/index.ts';
import { findOwned } from '../db/owned.ts';

/**
 * The `_id` of a firm's validation request for a gate key (`runId:nodeId:…`), derived from both: the engine,
 * the decision endpoint and the handlers find a request by its key with an `_id` lookup (the only indexed
 * one on FerretDB v1), and a second opening of the same gate hits the unique `_id`.
 */
export function validationRequestIdFor(tenantId: string, key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`validation:${tenantId}:${key}`).digest('hex').slice(0, 24));
}

type RequestDoc = DocOf<'ValidationRequest'> & { _id: Types.ObjectId };

/**
 * A firm's validation request by its gate key: by its derived `_id`, checked to be the firm's and the key's;
 * requests opened before ids were derived are found by their key (a query, on a rare path).
 */
export async function findValidationRequest(
  models: Models,
  tenantId: string,
  key: string,
  projection?: Record<string, 0 | 1>,
): Promise<RequestDoc | null> {
  const byId = await findOwned<RequestDoc>(
    models.ValidationRequest,
    validationRequestIdFor(tenantId, key),
    tenantId,
    projection ? { ...projection, key: 1 } : undefined,
  );
  if (byId && byId.key === key) return byId;
  if (byId) return null;
  return (await models.ValidationRequest.findOne({ tenantId, key }, projection).lean()) as RequestDoc | null;
}
