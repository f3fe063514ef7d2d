import { type DecisionBody, findAction, type ValidationListQuery, validateWith } from '@iapm/schemas';
import type { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { conflict, HttpProblem, invalid, notFound } from '../http/problem.ts';
import { issue } from '../http/validate.ts';
import type { EnginePort } from './run.service.ts';
import { assertStorable } from './workflow.service.ts';

interface ValidationRecord {
  _id: unknown;
  key: string;
  runId: unknown;
  workflowId: unknown;
  nodeId: string;
  action: string;
  autonomy: string;
  status: string;
  urgencyRank?: number | null;
  preparedParams?: unknown;
  finalParams?: unknown;
  confidence?: number | null;
  provenance?: unknown;
  preview?: unknown;
  workspaceId?: unknown;
  assigneeId?: unknown;
  dueAt?: Date | null;
  decidedBy?: unknown;
  decidedAt?: Date | null;
  comment?: string | null;
  createdAt?: Date;
}

const URGENCY_LABELS = [
  { fr: 'Critique', en: 'Critical' },
  { fr: 'Élevée', en: 'High' },
  { fr: 'Moyenne', en: 'Medium' },
  { fr: 'Faible', en: 'Low' },
];

/** The case a request is about, as the inbox card names it. */
export interface CaseContext {
  title: string;
  reference: string | null;
  procedureType: string | null;
  clientName: string | null;
}

/** A validation request as the inbox shows it. */
export function validationView(
  v: ValidationRecord,
  workflowNames: Map<string, string> = new Map(),
  cases: Map<string, CaseContext> = new Map(),
) {
  const action = findAction(v.action);
  const rank = v.urgencyRank ?? 2;
  return {
    id: String(v._id),
    key: v.key,
    runId: String(v.runId),
    workflowId: String(v.workflowId),
    workflowName: workflowNames.get(String(v.workflowId)) ?? null,
    nodeId: v.nodeId,
    action: v.action,
    actionLabel: action?.label ?? { fr: v.action, en: v.action },
    autonomy: v.autonomy,
    status: v.status,
    urgencyRank: rank,
    urgencyLabel: URGENCY_LABELS[Math.min(Math.max(rank, 0), 3)],
    preparedParams: v.preparedParams ?? {},
    finalParams: v.finalParams ?? null,
    confidence: v.confidence ?? null,
    provenance: v.provenance ?? null,
    preview: v.preview ?? null,
    workspaceId: v.workspaceId ? String(v.workspaceId) : null,
    case: v.workspaceId ? (cases.get(String(v.workspaceId)) ?? null) : null,
    assigneeId: v.assigneeId ? String(v.assigneeId) : null,
    dueAt: v.dueAt ?? null,
    createdAt: v.createdAt ?? null,
    decidedBy: v.decidedBy ? String(v.decidedBy) : null,
    decidedAt: v.decidedAt ?? null,
    comment: v.comment ?? null,
  };
}

/** Pending first: most urgent, then the nearest due date (none last), then the oldest. */
function byUrgency(a: ValidationRecord, b: ValidationRecord): number {
  const rank = (a.urgencyRank ?? 2) - (b.urgencyRank ?? 2);
  if (rank) return rank;
  const due = (a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY);
  if (due && !Number.isNaN(due)) return due;
  return (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0);
}

const PENDING_CAP = 1000;

/**
 * The validation inbox (pending requests first, by urgency; then the latest decisions) and decisions at
 * gates, taken by an ADMIN of the firm through the engine.
 */
export class ValidationService {
  constructor(private readonly engine?: EnginePort) {}

  async list(repo: TenantRepository, query: ValidationListQuery) {
    const limit = Number(query.limit ?? 100);
    const status = query.status ?? 'PENDING';
    const requests = repo.of('ValidationRequest');
    const pending =
      status === 'decided'
        ? []
        : ((await requests.find({ status: 'PENDING' }).limit(PENDING_CAP).lean()) as ValidationRecord[]).sort(
            byUrgency,
          );
    const decided =
      status === 'PENDING'
        ? []
        : ((await requests
            .find({ status: { $ne: 'PENDING' } })
            .sort({ decidedAt: -1, updatedAt: -1 })
            .limit(limit)
            .lean()) as ValidationRecord[]);
    const items = [...pending, ...decided].slice(0, limit);
    const names = await this.workflowNames(
      repo,
      items.map((v) => v.workflowId),
    );
    const cases = await this.caseContexts(repo, items);
    return {
      items: items.map((v) => validationView(v, names, cases)),
      pendingCount: status === 'decided' ? await requests.countDocuments({ status: 'PENDING' }) : pending.length,
    };
  }

  async get(repo: TenantRepository, id: string) {
    const v = (await repo.of('ValidationRequest').findById(id).lean()) as ValidationRecord | null;
    if (!v) throw notFound();
    return validationView(v, await this.workflowNames(repo, [v.workflowId]), await this.caseContexts(repo, [v]));
  }

  /**
   * A person's decision: APPROVED, MODIFIED_APPROVED with edited params (checked against the action's
   * parameter schema) or REJECTED (with the reason as comment). A request already decided is a 409.
   */
  async decide(repo: TenantRepository, id: string, body: DecisionBody, actor: Principal) {
    const requests = repo.of('ValidationRequest');
    const request = (await requests.findById(id).lean()) as ValidationRecord | null;
    if (!request) throw notFound();
    if (body.decision === 'MODIFIED_APPROVED') {
      if (body.params === undefined) throw invalid([issue('/params', 'schema.required', { property: 'params' })]);
      assertStorable(body.params, '/params');
      const paramsRef = findAction(request.action)?.paramsRef;
      if (paramsRef) {
        const checked = validateWith(paramsRef, body.params, '/params');
        if (!checked.ok) throw invalid(checked.issues);
      }
    } else if (body.params !== undefined) {
      throw invalid([
        {
          ...issue('/params', 'schema.not'),
          message: {
            fr: 'Des paramètres ne s’envoient qu’avec MODIFIED_APPROVED.',
            en: 'Parameters are sent only with MODIFIED_APPROVED.',
          },
        },
      ]);
    }
    if (body.decision === 'REJECTED' && !body.comment?.trim())
      throw invalid([issue('/comment', 'schema.required', { property: 'comment' })]);
    if (request.status !== 'PENDING') throw alreadyDecided(request.status);
    if (!this.engine)
      throw new HttpProblem(503, 'runtime-unavailable', {
        fr: "Le moteur d'exécution n'est pas démarré.",
        en: 'The runtime is not running.',
      });
    const outcome = await this.engine.decide(repo.tenantId, request.key, {
      decision: body.decision,
      ...(body.params !== undefined ? { params: body.params } : {}),
      userId: actor.id,
      ...(body.comment ? { comment: body.comment } : {}),
    });
    if (outcome === 'not-found') throw notFound();
    if (outcome === 'conflict') {
      const now = await requests.findById(id, { status: 1 }).lean();
      throw alreadyDecided(now?.status ?? 'decided');
    }
    return this.get(repo, id);
  }

  /** The cases of a page of requests and their clients' names: one lookup of each, in the firm only. */
  private async caseContexts(repo: TenantRepository, items: ValidationRecord[]): Promise<Map<string, CaseContext>> {
    const wanted = [
      ...new Set(
        items
          .map((v) => v.workspaceId)
          .filter(Boolean)
          .map(String),
      ),
    ].filter((id) => /^[0-9a-f]{24}$/.test(id));
    if (wanted.length === 0) return new Map();
    const workspaces = (await repo
      .of('Workspace')
      .find({ _id: { $in: wanted } }, { title: 1, reference: 1, procedureType: 1, clientId: 1 })
      .lean()) as { _id: unknown; title: string; reference?: string; procedureType?: string; clientId?: unknown }[];
    const clientIds = [
      ...new Set(
        workspaces
          .map((w) => w.clientId)
          .filter(Boolean)
          .map(String),
      ),
    ];
    const clients = clientIds.length
      ? ((await repo
          .of('Client')
          .find({ _id: { $in: clientIds } }, { firstName: 1, lastName: 1 })
          .lean()) as { _id: unknown; firstName?: string; lastName?: string }[])
      : [];
    const names = new Map(
      clients.map((c) => [String(c._id), [c.firstName, c.lastName].filter(Boolean).join(' ') || null]),
    );
    return new Map(
      workspaces.map((w) => [
        String(w._id),
        {
          title: w.title,
          reference: w.reference ?? null,
          procedureType: w.procedureType ?? null,
          clientName: w.clientId ? (names.get(String(w.clientId)) ?? null) : null,
        },
      ]),
    );
  }

  private async workflowNames(repo: TenantRepository, ids: unknown[]) {
    const wanted = [...new Set(ids.map(String))];
    const rows = await repo
      .of('Workflow')
      .find({ _id: { $in: wanted } }, { name: 1 })
      .lean();
    return new Map(rows.map((w) => [String(w._id), w.name]));
  }
}

const alreadyDecided = (status: string) =>
  conflict(
    'already-decided',
    { fr: 'Cette validation a déjà été traitée.', en: 'This validation has already been decided.' },
    { currentStatus: status },
  );
