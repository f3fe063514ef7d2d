import { type Engine, liveRunState, type RunState } from '@iapm/runtime';
import type { RunListQuery } from '@iapm/schemas';
import { Types } from 'mongoose';
import type { TenantRepository } from '../db/tenant-repository.ts';
import { conflict, HttpProblem, invalid, notFound } from '../http/problem.ts';
import { issue } from '../http/validate.ts';
import { validationView } from './validation.service.ts';

/** What the server needs of the durable engine (its public methods only). */
export type EnginePort = Pick<Engine, 'cancel' | 'retry' | 'decide' | 'stuckRuns'>;

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

interface RunRecord {
  _id: unknown;
  workflowId: unknown;
  version: number;
  status: string;
  state?: Partial<RunState>;
  triggerEventId?: string | null;
  parentRunId?: unknown;
  depth?: number;
  startedAt: Date;
  endedAt?: Date | null;
  updatedAt?: Date;
  nextWakeAt?: Date | null;
  error?: unknown;
}

/** A cursor is the last item's start time and id (runs are listed newest first). */
const encodeCursor = (run: RunRecord) =>
  Buffer.from(JSON.stringify([run.startedAt.getTime(), String(run._id)])).toString('base64url');

function decodeCursor(cursor: string): { startedAt: Date; id: Types.ObjectId } {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof time === 'number' && typeof id === 'string' && Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/.test(id))
      return { startedAt: new Date(time), id: new Types.ObjectId(id) };
  } catch {
    // Falls through to the issue below.
  }
  throw invalid([issue('/cursor', 'schema.pattern')]);
}

const engineMissing = () =>
  new HttpProblem(503, 'runtime-unavailable', {
    fr: "Le moteur d'exécution n'est pas démarré.",
    en: 'The runtime is not running.',
  });

/**
 * A firm's runs: list (filters, cursor pagination), detail with every step, cancel, retry from the failed
 * step, stuck runs. Reads go through the firm's repository; changes go through the engine's public methods.
 */
export class RunService {
  constructor(private readonly engine?: EnginePort) {}

  async list(repo: TenantRepository, query: RunListQuery) {
    const limit = Number(query.limit ?? 50);
    const and: Record<string, unknown>[] = [];
    if (query.workflowId) and.push({ workflowId: new Types.ObjectId(query.workflowId) });
    if (query.status) and.push({ status: { $in: query.status.split(',') } });
    if (query.from) and.push({ startedAt: { $gte: new Date(query.from) } });
    if (query.to) and.push({ startedAt: { $lt: new Date(query.to) } });
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      and.push({
        $or: [{ startedAt: { $lt: after.startedAt } }, { startedAt: after.startedAt, _id: { $lt: after.id } }],
      });
    }
    const runs = (await repo
      .of('Run')
      .find(and.length ? { $and: and } : {}, {
        workflowId: 1,
        version: 1,
        status: 1,
        triggerEventId: 1,
        parentRunId: 1,
        depth: 1,
        startedAt: 1,
        endedAt: 1,
        updatedAt: 1,
        nextWakeAt: 1,
        error: 1,
        'state.event.type': 1,
      })
      .sort({ startedAt: -1, _id: -1 })
      .limit(limit + 1)
      .lean()) as RunRecord[];
    const page = runs.slice(0, limit);
    const names = await this.workflowNames(
      repo,
      page.map((r) => r.workflowId),
    );
    const last = page.at(-1);
    return {
      items: page.map((r) => this.summary(r, names)),
      nextCursor: runs.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /** A run with its trigger event, every step (input, output, decision), its validations and child runs. */
  async get(repo: TenantRepository, id: string) {
    const run = (await repo.of('Run').findById(id).lean()) as RunRecord | null;
    if (!run) throw notFound();
    const [names, validations, children] = await Promise.all([
      this.workflowNames(repo, [run.workflowId]),
      repo.of('ValidationRequest').find({ runId: run._id }).sort({ createdAt: 1 }).lean(),
      repo.of('Run').find({ parentRunId: run._id }, { workflowId: 1, status: 1, version: 1, startedAt: 1 }).lean(),
    ]);
    // The run document is a checkpoint: a run being worked on may have gone further.
    const state = ((await liveRunState(repo.of('Run').model.db, run)) ?? {}) as NonNullable<RunRecord['state']>;
    return {
      ...this.summary(run, names),
      event: state.event ?? null,
      steps: state.steps ?? [],
      waitingAt: (state.tokens ?? []).filter((t) => t.wait).map((t) => ({ nodeId: t.nodeId, wait: t.wait?.kind })),
      output: state.output ?? null,
      validations: validations.map((v) => validationView(v, names)),
      children: children.map((c) => ({
        id: String(c._id),
        workflowId: String(c.workflowId),
        version: c.version,
        status: c.status,
        startedAt: c.startedAt,
      })),
    };
  }

  /** Asks a run that has not finished to stop (202: the engine applies it in order). */
  async cancel(repo: TenantRepository, id: string) {
    const run = await this.requireRun(repo, id);
    if (FINISHED.has(run.status))
      throw conflict('run-finished', {
        fr: 'Cette exécution est déjà terminée.',
        en: 'This run has already finished.',
      });
    if (!this.engine) throw engineMissing();
    await this.engine.cancel(repo.tenantId, id);
    return { runId: id, status: run.status, requested: 'cancel' };
  }

  /** Puts a failed run back on its failed step (202). */
  async retry(repo: TenantRepository, id: string) {
    const run = await this.requireRun(repo, id);
    if (run.status !== 'failed')
      throw conflict('run-not-failed', {
        fr: 'Seule une exécution en échec peut être relancée.',
        en: 'Only a failed run can be retried.',
      });
    if (!this.engine) throw engineMissing();
    if (!(await this.engine.retry(repo.tenantId, id)))
      throw conflict('run-not-failed', {
        fr: 'Seule une exécution en échec peut être relancée.',
        en: 'Only a failed run can be retried.',
      });
    return { runId: id, status: run.status, requested: 'retry' };
  }

  /** The firm's runs that look stuck (work pending under an expired lease, or no progress). */
  async stuck(repo: TenantRepository) {
    if (!this.engine) throw engineMissing();
    const stuck = await this.engine.stuckRuns(repo.tenantId);
    const runs = (await repo
      .of('Run')
      .find({ _id: { $in: stuck.map((s) => s.runId) } }, { workflowId: 1, version: 1, startedAt: 1 })
      .lean()) as RunRecord[];
    const byId = new Map(runs.map((r) => [String(r._id), r]));
    const names = await this.workflowNames(
      repo,
      runs.map((r) => r.workflowId),
    );
    return stuck
      .filter((s) => byId.has(s.runId))
      .map((s) => {
        const run = byId.get(s.runId) as RunRecord;
        const workflowId = String(run.workflowId);
        return { ...s, workflowId, workflowName: names.get(workflowId) ?? null, version: run.version };
      });
  }

  private async requireRun(repo: TenantRepository, id: string) {
    const run = (await repo.of('Run').findById(id, { status: 1 }).lean()) as RunRecord | null;
    if (!run) throw notFound();
    return run;
  }

  private summary(run: RunRecord, names: Map<string, string>) {
    const workflowId = String(run.workflowId);
    return {
      id: String(run._id),
      workflowId,
      workflowName: names.get(workflowId) ?? null,
      version: run.version,
      status: run.status,
      trigger: { eventId: run.triggerEventId ?? null, type: run.state?.event?.type ?? null },
      parentRunId: run.parentRunId ? String(run.parentRunId) : null,
      depth: run.depth ?? 0,
      startedAt: run.startedAt,
      endedAt: run.endedAt ?? null,
      updatedAt: run.updatedAt ?? null,
      nextWakeAt: run.nextWakeAt ?? null,
      error: run.error ?? null,
    };
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
