import type { Models } from '@iapm/runtime/db';
import type { RequestHandler } from 'express';
import { TenantRepository } from '../db/tenant-repository.ts';
import { idOfHash, sha256 } from '../services/tokens.ts';
import { checkApiKey } from './api-key-check.ts';
import { forbidden, HttpProblem, unauthorized } from './problem.ts';

/** Name of the session cookie (httpOnly, SameSite=Strict; it holds a random token whose SHA-256 is stored). */
export const SESSION_COOKIE = 'iapm_session';

/** `SYSTEM` is a firm's system calling with an API key. */
export type Role = 'SUPER_ADMIN' | 'ADMIN' | 'CLIENT' | 'SYSTEM';

/** Who is calling: a signed-in person (session) or a firm's system (API key). */
export interface Principal {
  kind: 'user' | 'api-key';
  /** The user's id, or the API key's id. */
  id: string;
  role: Role;
  /** The firm; absent for the platform operator (SUPER_ADMIN). */
  tenantId?: string;
  /** For a CLIENT: the one workspace they may see. */
  workspaceId?: string;
  email?: string;
  name?: string;
  /** For a session: its id and whether the second factor is still awaited. */
  sessionId?: string;
  secondFactor?: 'done' | 'required' | 'enrolment-required';
}

declare global {
  namespace Express {
    interface Request {
      principal?: Principal;
      /** Told once the caller is known (the audit trail reads the state before a change to the caller itself). */
      onAuthenticated?: (principal: Principal) => Promise<void>;
      /** The caller's firm, through the repository that scopes every query (absent for SUPER_ADMIN). */
      repo?: TenantRepository;
    }
  }
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export const suspended = () =>
  new HttpProblem(403, 'tenant-suspended', {
    fr: 'Le compte du cabinet est suspendu.',
    en: "The firm's account is suspended.",
  });

const secondFactorRequired = (state: 'required' | 'enrolment-required') =>
  new HttpProblem(
    401,
    state === 'required' ? 'second-factor-required' : 'second-factor-enrolment-required',
    state === 'required'
      ? {
          fr: 'Saisissez le code de votre application d’authentification.',
          en: 'Enter the code from your authenticator app.',
        }
      : {
          fr: 'Le cabinet exige la double authentification : activez-la pour continuer.',
          en: 'The firm requires two-factor authentication: enable it to continue.',
        },
  );

/** When each key's `lastUsedAt` was last written by this process (bounded). */
const lastTouched = new Map<string, number>();
const TOUCH_EVERY_MS = 60_000;

/**
 * Records that a key was used, at most once a minute per key and process: on the event API's hot path a
 * write per request would double the database writes of every event.
 */
function touchKey(models: Models, id: string, now = Date.now()): void {
  const last = lastTouched.get(id);
  if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
  if (lastTouched.size >= 10_000) lastTouched.clear();
  lastTouched.set(id, now);
  void models.ApiKey.updateOne({ _id: id }, { $set: { lastUsedAt: new Date(now) } }).catch(() => {});
}

/**
 * The API key of a `Bearer` header, if it names a key that is not revoked (a revocation made by any process
 * is refused by the next request: see checkApiKey), with its firm's status and generation token.
 */
export async function findApiKey(models: Models, header: string | undefined) {
  const match = /^Bearer\s+(iapm_[A-Za-z0-9_-]{10,200})$/.exec(header ?? '');
  if (!match) return undefined;
  const key = await checkApiKey(models, sha256(match[1] as string));
  if (key) touchKey(models, key.id);
  return key;
}

/** Resolves the session cookie to its principal (undefined when there is no valid session). */
export async function sessionPrincipal(
  models: Models,
  cookieHeader: string | undefined,
): Promise<Principal | undefined> {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  if (!token) return undefined;
  const hash = sha256(token);
  // By `_id` (derived from the hash); sessions opened before ids were derived are found by their hash.
  const byId = await models.Session.findById(idOfHash(hash)).lean();
  const session =
    byId?.tokenHash === hash ? byId : byId ? null : await models.Session.findOne({ tokenHash: hash }).lean();
  if (!session || session.expiresAt <= new Date()) return undefined;
  const user = await models.User.findById(session.userId).lean();
  if (!user || user.disabledAt) return undefined;
  let secondFactor: Principal['secondFactor'] = 'done';
  if (!session.secondFactorDone) secondFactor = user.totpSecret ? 'required' : 'enrolment-required';
  return {
    kind: 'user',
    id: String(user._id),
    role: user.role as Role,
    ...(user.tenantId ? { tenantId: String(user.tenantId) } : {}),
    ...(user.workspaceId ? { workspaceId: String(user.workspaceId) } : {}),
    email: user.email,
    name: user.name,
    sessionId: String(session._id),
    secondFactor,
  };
}

/**
 * Authenticates a request by its API key (`Authorization: Bearer iapm_…`) or its session cookie, and gives
 * it the repository of its firm. 401 without valid credentials, 403 when the firm is suspended. A session
 * still waiting for its second factor passes only where `allowPendingSecondFactor` says so (the routes that
 * complete it).
 */
export function authenticate(models: Models, options: { allowPendingSecondFactor?: boolean } = {}): RequestHandler {
  return async (req, _res, next) => {
    const authorization = req.get('authorization');
    let principal: Principal | undefined;
    if (authorization) {
      const key = await findApiKey(models, authorization);
      if (!key)
        throw new HttpProblem(401, 'api-key-invalid', {
          fr: "Clé d'API inconnue ou révoquée.",
          en: 'Unknown or revoked API key.',
        });
      if (key.suspended) throw suspended();
      principal = { kind: 'api-key', id: key.id, role: 'SYSTEM', tenantId: key.tenantId, name: key.name };
    } else {
      principal = await sessionPrincipal(models, req.headers.cookie);
      if (!principal) throw unauthorized();
      if (principal.secondFactor !== 'done' && !options.allowPendingSecondFactor)
        throw secondFactorRequired(principal.secondFactor as 'required' | 'enrolment-required');
      if (principal.tenantId) {
        const tenant = await models.Tenant.findById(principal.tenantId, { status: 1 }).lean();
        if (!tenant) throw unauthorized();
        if (tenant.status === 'suspended') throw suspended();
      }
    }
    req.principal = principal;
    await req.onAuthenticated?.(principal);
    if (principal.tenantId) {
      req.repo = new TenantRepository(
        models,
        principal.tenantId,
        principal.role === 'CLIENT'
          ? {
              kind: 'client',
              userId: principal.id,
              ...(principal.workspaceId ? { workspaceId: principal.workspaceId } : {}),
            }
          : { kind: 'firm' },
      );
    }
    next();
  };
}

/** Lets through only the given roles (403 for the others). Use after `authenticate`. */
export function allow(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.principal) throw unauthorized();
    if (!roles.includes(req.principal.role)) throw forbidden();
    next();
  };
}

/** The authenticated caller (after `authenticate`). */
export function principalOf(req: Express.Request): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

/** The caller's firm repository (403 for a caller without a firm). */
export function repoOf(req: Express.Request): TenantRepository {
  if (!req.repo) throw forbidden();
  return req.repo;
}
