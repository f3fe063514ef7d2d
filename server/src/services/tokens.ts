import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 of an API key or a session token, as stored (the secret itself never is). */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A new API key: `iapm_<8 hex prefix>_<secret>`; only its hash and prefix are kept. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString('hex');
  const key = `iapm_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: sha256(key) };
}

/** A new session token (256 random bits) and its hash. */
export function newSessionToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256(token) };
}
