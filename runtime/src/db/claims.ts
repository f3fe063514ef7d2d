import type { Connection } from 'mongoose';

/** A claim recorded in the `claims` collection. */
export interface ClaimRecord {
  _id: string;
  owner: string;
  claimedAt: Date;
  result?: unknown;
  completedAt?: Date;
}

const COLLECTION = 'claims';

/**
 * Claims `key` for `owner`, once and for all: exactly one of any number of concurrent callers, in any number
 * of processes, gets `claimed: true`; the others get the existing record (with its result once completed).
 *
 * This rests on the uniqueness of `_id`, which FerretDB v1 and MongoDB both enforce atomically — unlike
 * conditional updates (`findOneAndUpdate` with a filter), which FerretDB v1 does not apply atomically across
 * concurrent clients (see docs/database.md). Side effects and lease generations use it.
 */
export async function claimOnce(
  connection: Connection,
  key: string,
  owner: string,
  /** Stored with the claim in the same insert (so that a claim is never without its data). */
  result?: unknown,
): Promise<{ claimed: true } | { claimed: false; existing: ClaimRecord | null }> {
  const collection = connection.collection<ClaimRecord>(COLLECTION);
  try {
    await collection.insertOne({ _id: key, owner, claimedAt: new Date(), ...(result !== undefined ? { result } : {}) });
    return { claimed: true };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    return { claimed: false, existing: await collection.findOne({ _id: key }) };
  }
}

/** Reads a claim, if it exists. */
export async function readClaim(connection: Connection, key: string): Promise<ClaimRecord | null> {
  return connection.collection<ClaimRecord>(COLLECTION).findOne({ _id: key });
}

/** Stores the result of a claimed piece of work, for callers that find the claim taken. */
export async function completeClaim(
  connection: Connection,
  key: string,
  owner: string,
  result: unknown,
): Promise<void> {
  await connection
    .collection<ClaimRecord>(COLLECTION)
    .updateOne({ _id: key, owner }, { $set: { result, completedAt: new Date() } });
}

/** Gives a claim up (its work failed and may be tried again): only its owner's claim is removed. */
export async function releaseClaim(connection: Connection, key: string, owner: string): Promise<void> {
  await connection.collection<ClaimRecord>(COLLECTION).deleteOne({ _id: key, owner });
}
