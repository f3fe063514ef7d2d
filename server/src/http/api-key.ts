import type { Models } from '@iapm/runtime/db';
import type { RequestHandler } from 'express';
import { findApiKey } from './auth.ts';
import { HttpProblem } from './problem.ts';

declare global {
  namespace Express {
    interface Request {
      /** The firm an API key belongs to (set by `requireApiKey`). */
      apiTenantId?: string;
      /** The firm's generation token as the key check read it (the event routing reuses it). */
      apiFirmGeneration?: string | null;
    }
  }
}

/**
 * Authenticates a firm's system by `Authorization: Bearer <api key>` only (the runtime event API): the
 * key's SHA-256 must name a key that is not revoked, of a firm that is not suspended. The firm of the key
 * scopes everything the request does.
 */
export function requireApiKey(models: Models): RequestHandler {
  return async (req, _res, next) => {
    const key = await findApiKey(models, req.get('authorization'));
    if (key === undefined)
      throw new HttpProblem(401, 'api-key-required', {
        fr: "Clé d'API requise (Authorization: Bearer …).",
        en: 'API key required (Authorization: Bearer …).',
      });
    if (!key)
      throw new HttpProblem(401, 'api-key-invalid', {
        fr: "Clé d'API inconnue ou révoquée.",
        en: 'Unknown or revoked API key.',
      });
    if (key.suspended)
      throw new HttpProblem(403, 'tenant-suspended', {
        fr: 'Le compte du cabinet est suspendu.',
        en: "The firm's account is suspended.",
      });
    req.apiTenantId = key.tenantId;
    req.apiFirmGeneration = key.generation;
    next();
  };
}
