import type { Models } from '@iapm/runtime/db';
import type { RequestHandler } from 'express';
import { sha256 } from '../services/tenant.service.ts';
import { HttpProblem } from './problem.ts';

declare global {
  namespace Express {
    interface Request {
      /** The firm an API key belongs to (set by `requireApiKey`). */
      apiTenantId?: string;
    }
  }
}

/**
 * Authenticates a firm's system by `Authorization: Bearer <api key>`: the key's SHA-256 must name a key that
 * is not revoked. The firm of the key scopes everything the request does.
 */
export function requireApiKey(models: Models): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(iapm_[A-Za-z0-9_-]{10,200})$/.exec(header);
    if (!match) {
      next(
        new HttpProblem(401, 'api-key-required', {
          fr: "Clé d'API requise (Authorization: Bearer …).",
          en: 'API key required (Authorization: Bearer …).',
        }),
      );
      return;
    }
    const key = await models.ApiKey.findOne(
      { keyHash: sha256(match[1] as string), revokedAt: { $exists: false } },
      { tenantId: 1 },
    ).lean();
    if (!key) {
      next(
        new HttpProblem(401, 'api-key-invalid', {
          fr: "Clé d'API inconnue ou révoquée.",
          en: 'Unknown or revoked API key.',
        }),
      );
      return;
    }
    req.apiTenantId = String(key.tenantId);
    void models.ApiKey.updateOne({ _id: key._id }, { $set: { lastUsedAt: new Date() } }).catch(() => {});
    next();
  };
}
