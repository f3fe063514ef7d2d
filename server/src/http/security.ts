import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpProblem } from './problem.ts';

const REQUEST_ID = /^[\w.-]{1,100}$/;

/**
 * Gives each request its id (a well-formed incoming `x-request-id` is kept, so a proxy's id follows the
 * request through the logs) and sets the security headers on every answer. With `hsts` (the server is
 * reached over HTTPS only), browsers are told to keep to HTTPS.
 */
export function requestContext(options: { hsts?: boolean } = {}): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.set('x-request-id', req.id);
    res.set('x-content-type-options', 'nosniff');
    res.set('referrer-policy', 'same-origin');
    res.set('x-frame-options', 'DENY');
    res.set('cross-origin-opener-policy', 'same-origin');
    res.set('cross-origin-resource-policy', 'same-origin');
    res.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    res.set(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    );
    if (options.hsts) res.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Same origin by default. A request from a browser page of another origin (its `Origin` header names
 * another scheme, host or port) may read nothing — no CORS headers are sent — and may change nothing: an
 * unsafe method answers 403 `cross-origin` before any route runs (the SameSite=Strict cookie already keeps
 * sessions out; this also covers API keys pasted into a page). Origins listed in `allowedOrigins`
 * (`CORS_ORIGINS`) get CORS with credentials and their preflight answered.
 */
export function sameOrigin(allowedOrigins: readonly string[] = []): RequestHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/$/, '').toLowerCase()));
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!origin) return next();
    const own = `${req.protocol}://${req.get('host') ?? ''}`.toLowerCase();
    const theirs = origin.toLowerCase();
    if (theirs === own) return next();
    if (allowed.has(theirs)) {
      res.set('access-control-allow-origin', origin);
      res.set('access-control-allow-credentials', 'true');
      res.vary('Origin');
      if (req.method === 'OPTIONS') {
        res.set('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
        res.set('access-control-allow-headers', 'authorization, content-type, x-request-id');
        res.set('access-control-max-age', '600');
        res.status(204).end();
        return;
      }
      return next();
    }
    if (SAFE.has(req.method) && req.method !== 'OPTIONS') return next();
    throw new HttpProblem(403, 'cross-origin', {
      fr: 'Requête d’une autre origine refusée.',
      en: 'Cross-origin request refused.',
    });
  };
}
