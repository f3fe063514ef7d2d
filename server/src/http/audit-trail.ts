import { type AuditActor, appendAudit } from '@iapm/runtime';
import type { Models } from '@iapm/runtime/db';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Model } from 'mongoose';

/** The audit log of the platform itself (the operator's changes to plans): an id no firm can have. */
export const PLATFORM_AUDIT_TENANT = '000000000000000000000000';

/**
 * Mutations that are not written to the audit log, and why. Everything else that is not a GET under `/api`
 * and answers 2xx is.
 */
export const NOT_AUDITED: ReadonlyMap<string, string> = new Map([
  [
    '/api/v1/',
    'the event API: every accepted event is itself stored, append-only, in `events` with its key; the hot path stays two writes',
  ],
  ['/api/auth/logout', 'closes the caller’s own session (an expired session disappears the same way)'],
  ['/api/auth/totp/verify', 'completes a sign-in (the sign-in itself is recorded)'],
  ['/api/workflows/:id/test-runs', 'a sandbox run: nothing is written'],
  ['/api/workflows/:id/test-cases/run', 'sandbox runs of the saved cases: nothing is written'],
]);

const isExcluded = (path: string) =>
  path.startsWith('/api/v1/') ||
  path === '/api/auth/logout' ||
  path === '/api/auth/totp/verify' ||
  /^\/api\/workflows\/[^/]+\/test-runs$/.test(path) ||
  /^\/api\/workflows\/[^/]+\/test-cases\/run$/.test(path);

/** What a resource segment of the path names: its audit type and, when it has documents, its model. */
const RESOURCES: Record<string, { type: string; model?: keyof Models }> = {
  workflows: { type: 'workflow', model: 'Workflow' },
  users: { type: 'user', model: 'User' },
  'api-keys': { type: 'api-key', model: 'ApiKey' },
  runs: { type: 'run', model: 'Run' },
  validations: { type: 'validation', model: 'ValidationRequest' },
  notifications: { type: 'notification', model: 'Notification' },
  tenants: { type: 'tenant', model: 'Tenant' },
  firm: { type: 'tenant', model: 'Tenant' },
  auth: { type: 'user', model: 'User' },
  plans: { type: 'plan' },
  presets: { type: 'preset' },
  workspaces: { type: 'workspace', model: 'Workspace' },
  'checklist-items': { type: 'checklist-item', model: 'ChecklistItem' },
  alerts: { type: 'alert', model: 'Alert' },
  deadlines: { type: 'deadline', model: 'Deadline' },
};

const VERB: Record<string, string> = { POST: 'create', PUT: 'replace', PATCH: 'update', DELETE: 'delete' };
const HEX_ID = /^[0-9a-f]{24}$/;

/** The subject of a mutation as the path names it: `/api/[platform/]<resource>[/<id>][/<verb>…]`. */
export function subjectOf(method: string, path: string) {
  const parts = path.split('/').filter(Boolean).slice(1);
  if (parts[0] === 'platform') parts.shift();
  const [resource = '', second, ...rest] = parts;
  const known = RESOURCES[resource];
  const type = known?.type ?? resource.replace(/s$/, '');
  const id = second && (HEX_ID.test(second) || resource === 'plans') ? second : undefined;
  const named = id ? rest : [second, ...rest].filter((s): s is string => Boolean(s));
  // A sub-resource's own id (`/workflows/:id/test-cases/:caseId`) is not a verb: the method names the change.
  const verbs = named.filter((s) => !HEX_ID.test(s));
  if (verbs.length && verbs.length < named.length) verbs.push(VERB[method] ?? method.toLowerCase());
  const action = `${type}.${verbs.length ? verbs.join('.') : (VERB[method] ?? method.toLowerCase())}`;
  return {
    type,
    ...(id ? { id } : {}),
    ...(known?.model ? { model: known.model } : {}),
    action,
    /** `/api/auth/…` and `/api/firm/…` act on the caller (or the caller's firm), named by no id. */
    self: resource === 'auth' ? ('user' as const) : resource === 'firm' ? ('tenant' as const) : undefined,
  };
}

/** The id of what a creation made, read from its answer. */
function createdId(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  for (const candidate of [b.id, (b.user as { id?: unknown })?.id, (b.apiKey as { id?: unknown })?.id, b.tenantId])
    if (typeof candidate === 'string' && HEX_ID.test(candidate)) return candidate;
  return undefined;
}

declare global {
  namespace Express {
    interface Locals {
      /** Who acted and in which firm, for routes that run before a principal exists (sign-in). */
      auditActor?: { tenantId?: string; actor: AuditActor };
    }
  }
}

export interface AuditTrailOptions {
  /** Told when an entry could not be written (the answer still goes out: the change is already made). */
  onError?: (error: unknown, req: Request) => void;
}

/**
 * Appends an entry to the hash-chained audit log for every mutation the API answers with 2xx: who (the
 * person or API key), what (`workflow.publish`, `user.update`…), when, the subject's type and id, and the
 * SHA-256 of the subject's stored document before and after — never the content itself. Mounted once in
 * front of every route, so no route can forget it; `NOT_AUDITED` lists the exceptions. The answer is held
 * until the entry is written, so a caller that got 2xx finds the entry in `GET /api/audit`.
 */
export function auditTrail(models: Models, options: AuditTrailOptions = {}): RequestHandler {
  const snapshot = async (model: keyof Models | undefined, id: string | undefined) => {
    if (!model || !id) return undefined;
    const doc = await (models[model] as unknown as Model<unknown>).findById(id).lean();
    return doc ?? null;
  };
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const path = req.path;
    if (!path.startsWith('/api/') || isExcluded(path)) return next();
    const subject = subjectOf(req.method, path);
    let before = await snapshot(subject.model, subject.id).catch(() => undefined);
    // A change to the caller itself (`/api/auth/…`, `/api/firm/…`) names no id: its state before is read as
    // soon as authentication has said who the caller is.
    if (subject.self)
      req.onAuthenticated = async (principal) => {
        const id = subject.self === 'tenant' ? principal.tenantId : principal.id;
        before = await snapshot(subject.model, id).catch(() => undefined);
      };
    let answered: unknown;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      answered = body;
      return json(body);
    };
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let ending = false;
    res.end = ((...args: unknown[]) => {
      if (ending || res.statusCode < 200 || res.statusCode >= 300) return end(...args);
      ending = true;
      record(req, res, subject, before, answered)
        .catch((error) => options.onError?.(error, req))
        .finally(() => end(...args));
      return res;
    }) as Response['end'];
    next();
  };

  async function record(
    req: Request,
    res: Response,
    subject: ReturnType<typeof subjectOf>,
    before: unknown,
    answered: unknown,
  ): Promise<void> {
    const principal = req.principal;
    const signIn = res.locals.auditActor;
    const actor: AuditActor | undefined = principal ? { kind: principal.kind, id: principal.id } : signIn?.actor;
    if (!actor) return;
    let id = subject.id ?? createdId(answered);
    if (subject.self === 'tenant') id = principal?.tenantId;
    if (subject.self === 'user') id = principal?.id ?? signIn?.actor.id;
    const tenantId =
      principal?.tenantId ?? signIn?.tenantId ?? (subject.type === 'tenant' ? id : undefined) ?? PLATFORM_AUDIT_TENANT;
    const after = await snapshot(subject.model, id);
    await appendAudit(models.Tenant.db, tenantId, {
      actor,
      action: subject.action,
      target: { type: subject.type, ...(id ? { id } : {}) },
      ...(before !== undefined && before !== null ? { before } : {}),
      ...(after !== undefined && after !== null ? { after } : {}),
      details: { method: req.method, route: req.route?.path ?? req.path, status: res.statusCode },
    });
  }
}
