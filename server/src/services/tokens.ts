import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 of an API key or a session token, as stored (the secret itself never is). */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The document id of a stored key or session: the first 96 bits of its hash, as an ObjectId. A request is
 * then resolved by an `_id` lookup — the only lookup FerretDB v1 indexes — and the full hash is compared.
 */
export const idOfHash = (hash: string) => hash.slice(0, 24);

/** A new API key: `iapm_<8 hex prefix>_<secret>`; only its hash and prefix are kept (`id` from the hash). */
export function newApiKey(): { key: string; prefix: string; hash: string; id: string } {
  const prefix = randomBytes(4).toString('hex');
  const key = `iapm_${prefix}_${randomBytes(24).toString('base64url')}`;
  const hash = sha256(key);
  return { key, prefix, hash, id: idOfHash(hash) };
}

/** A new session token (256 random bits), its hash and the session's id (from the hash). */
export function newSessionToken(): { token: string; hash: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  const hash = sha256(token);
  return { token, hash, id: idOfHash(hash) };
}
