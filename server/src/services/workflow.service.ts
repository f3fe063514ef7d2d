import type { DuplicateBody, Issue, WorkflowCreateBody, WorkflowDocument, WorkflowListQuery } from '@iapm/schemas';
import type { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import { issue } from '../http/validate.ts';
import { assertBelowLimit } from './plan.service.ts';
import { checkForFirm } from './workflow-check.ts';

/** Scheduling of cron triggers (the runtime's Agenda scheduler). */
export interface CronPort {
  scheduleCron(job: { tenantId: string; workflowId: string; expression: string; timezone?: string }): Promise<void>;
  cancelCron(workflowId: string): Promise<void>;
}

export interface WorkflowRecord {
  _id: unknown;
  name: string;
  description?: string | null;
  procedure?: string | null;
  draft: unknown;
  revision: number;
  draftUpdatedBy?: unknown;
  status: string;
  enabled: boolean;
  publishedVersion?: number | null;
  triggerEvent?: string | null;
  triggerCron?: string | null;
  presetId?: string | null;
  archivedAt?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** A workflow in lists: everything but its draft. */
export function workflowSummary(wf: WorkflowRecord) {
  return {
    id: String(wf._id),
    name: wf.name,
    description: wf.description ?? null,
    procedure: wf.procedure ?? null,
    status: wf.status,
    enabled: wf.enabled,
    revision: wf.revision,
    publishedVersion: wf.publishedVersion ?? null,
    triggerEvent: wf.triggerEvent ?? null,
    triggerCron: wf.triggerCron ?? null,
    presetId: wf.presetId ?? null,
    archivedAt: wf.archivedAt ?? null,
    createdAt: wf.createdAt ?? null,
    updatedAt: wf.updatedAt ?? null,
  };
}

export const archivedConflict = () =>
  conflict('workflow-archived', {
    fr: 'Ce workflow est archivé : restaurez-le d’abord.',
    en: 'This workflow is archived: restore it first.',
  });

/** Document-level fields the workflow record mirrors from its draft (for lists and search). */
function mirrored(doc: Record<string, unknown>) {
  return {
    ...(typeof doc.name === 'string' && doc.name.trim() ? { name: doc.name.slice(0, 200) } : {}),
    ...(typeof doc.description === 'string' ? { description: doc.description.slice(0, 5000) } : {}),
    ...(typeof doc.procedure === 'string' ? { procedure: doc.procedure } : {}),
  };
}

/**
 * What MongoDB and FerretDB cannot both store — field names that are `$…` operators or dotted, and lists
 * held directly by lists — is refused with its pointer, rather than failing in the database.
 */
export function assertStorable(value: unknown, base: string): void {
  const issues: Issue[] = [];
  const walk = (v: unknown, at: string, depth: number) => {
    if (depth > 64 || issues.length >= 20 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) {
        // FerretDB v1 refuses a list held directly by a list.
        if (Array.isArray(item))
          issues.push(
            issue(`${at}/${i}`, 'schema.type', {
              type: {
                fr: 'objet ou valeur simple (une liste ne peut pas contenir directement une liste)',
                en: 'object or plain value (a list cannot hold a list directly)',
              },
            }),
          );
        else walk(item, `${at}/${i}`, depth + 1);
      }
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      const pointer = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.startsWith('$') || key.includes('.') || key.includes('\0'))
        issues.push(issue(pointer, 'schema.propertyNames', { property: key }));
      else walk(child, pointer, depth + 1);
    }
  };
  walk(value, base, 0);
  if (issues.length) throw invalid(issues);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A firm's workflows: list, create, read, save the draft (optimistic: a stale revision is a 409 carrying
 * both versions), duplicate, archive and restore, enable and disable, import and export. Publishing and
 * versions are in `WorkflowVersionService`.
 */
export class WorkflowService {
  constructor(private readonly cron?: CronPort) {}

  async list(repo: TenantRepository, query: WorkflowListQuery) {
    const filter: Record<string, unknown> = {};
    const status = query.status ?? 'active';
    if (status === 'active') filter.status = { $ne: 'archived' };
    else if (status !== 'all') filter.status = status;
    if (query.q) filter.name = { $regex: escapeRegex(query.q), $options: 'i' };
    const limit = Number(query.limit ?? 200);
    const items = await repo.of('Workflow').find(filter, { draft: 0 }).sort({ updatedAt: -1 }).limit(limit).lean();
    return items.map((wf) => workflowSummary(wf as WorkflowRecord));
  }

  /** The workflow with its draft and the draft's current issues (a draft may be incomplete). */
  async get(repo: TenantRepository, id: string) {
    const wf = (await repo.of('Workflow').findById(id).lean()) as WorkflowRecord | null;
    if (!wf) throw notFound();
    return this.detail(repo, wf);
  }

  async create(repo: TenantRepository, body: WorkflowCreateBody, actor: Principal) {
    const document = {
      schemaVersion: 1,
      nodes: [],
      edges: [],
      ...(body.document as Record<string, unknown> | undefined),
      name: body.name,
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.procedure !== undefined ? { procedure: body.procedure } : {}),
    };
    delete (document as { id?: unknown }).id;
    assertStorable(document, '/document');
    const wf = await this.insert(repo, document, actor);
    return this.detail(repo, wf);
  }

  /**
   * Saves the draft made on `revision`. When someone saved in between, nothing is written and the 409
   * carries the stored draft and the one sent, so that the studio can show both and nothing is lost.
   */
  async saveDraft(repo: TenantRepository, id: string, revision: number, document: object, actor: Principal) {
    const workflows = repo.of('Workflow');
    const doc = { ...(document as Record<string, unknown>) };
    delete doc.id;
    assertStorable(doc, '/document');
    const saved = (await workflows
      .findOneAndUpdate(
        { _id: id, revision, status: { $ne: 'archived' } },
        { $set: { draft: doc, draftUpdatedBy: actor.id, ...mirrored(doc) }, $inc: { revision: 1 } },
      )
      .lean()) as WorkflowRecord | null;
    if (saved) return this.detail(repo, saved);
    const current = (await workflows.findById(id).lean()) as WorkflowRecord | null;
    if (!current) throw notFound();
    if (current.status === 'archived') throw archivedConflict();
    throw conflict(
      'draft-conflict',
      {
        fr: 'Le brouillon a été modifié entre-temps : comparez les deux versions avant d’enregistrer.',
        en: 'The draft was changed in the meantime: compare both versions before saving.',
      },
      {
        current: {
          revision: current.revision,
          document: current.draft,
          updatedAt: current.updatedAt ?? null,
          updatedBy: current.draftUpdatedBy ? String(current.draftUpdatedBy) : null,
        },
        yours: { revision, document: doc },
      },
    );
  }

  /** A new draft workflow with the same draft (never enabled, never published). */
  async duplicate(repo: TenantRepository, id: string, body: DuplicateBody, actor: Principal) {
    const source = (await repo.of('Workflow').findById(id).lean()) as WorkflowRecord | null;
    if (!source) throw notFound();
    const name = body.name ?? `${source.name} (copie)`.slice(0, 200);
    const draft: Record<string, unknown> = { ...(source.draft as Record<string, unknown>), name };
    delete draft.id;
    const wf = await this.insert(repo, draft, actor);
    return this.detail(repo, wf);
  }

  /** Archives: disabled, hidden from the default list, its runs and versions kept. */
  async archive(repo: TenantRepository, id: string) {
    const wf = (await repo
      .of('Workflow')
      .findOneAndUpdate({ _id: id }, { $set: { status: 'archived', enabled: false, archivedAt: new Date() } })
      .lean()) as WorkflowRecord | null;
    if (!wf) throw notFound();
    await this.cron?.cancelCron(String(wf._id));
    return workflowSummary(wf);
  }

  /** Brings an archived workflow back (disabled; published again if it had a version). */
  async restore(repo: TenantRepository, id: string) {
    const workflows = repo.of('Workflow');
    const current = (await workflows.findById(id).lean()) as WorkflowRecord | null;
    if (!current) throw notFound();
    if (current.status !== 'archived') return workflowSummary(current);
    await assertBelowLimit(repo, 'maxWorkflows', await workflows.countDocuments({ status: { $ne: 'archived' } }));
    const wf = (await workflows
      .findOneAndUpdate(
        { _id: id },
        { $set: { status: current.publishedVersion ? 'published' : 'draft' }, $unset: { archivedAt: 1 } },
      )
      .lean()) as WorkflowRecord;
    return workflowSummary(wf);
  }

  /** Turns event routing and the cron schedule on or off. Only a published, non-archived workflow can be enabled. */
  async setEnabled(repo: TenantRepository, id: string, enabled: boolean) {
    const workflows = repo.of('Workflow');
    const current = (await workflows.findById(id).lean()) as WorkflowRecord | null;
    if (!current) throw notFound();
    if (enabled && current.status === 'archived') throw archivedConflict();
    if (enabled && !current.publishedVersion)
      throw conflict('not-published', {
        fr: 'Publiez une version avant d’activer ce workflow.',
        en: 'Publish a version before enabling this workflow.',
      });
    const wf = (await workflows.findOneAndUpdate({ _id: id }, { $set: { enabled } }).lean()) as WorkflowRecord;
    await this.syncSchedule(repo, wf);
    return workflowSummary(wf);
  }

  /** A document to download: a published version, the draft, or by default the latest published version (else the draft). */
  async export(repo: TenantRepository, id: string, version: string | undefined) {
    const wf = (await repo.of('Workflow').findById(id).lean()) as WorkflowRecord | null;
    if (!wf) throw notFound();
    const wanted = version ?? (wf.publishedVersion ? String(wf.publishedVersion) : 'draft');
    let document: Record<string, unknown>;
    if (wanted === 'draft') document = { ...(wf.draft as Record<string, unknown>) };
    else {
      const stored = await repo
        .of('WorkflowVersion')
        .findOne({ workflowId: wf._id, version: Number(wanted) })
        .lean();
      if (!stored) throw notFound();
      document = { ...(stored.document as Record<string, unknown>) };
    }
    delete document.id;
    return { name: wf.name, version: wanted, document };
  }

  /**
   * A new draft workflow from a document (already checked against the workflow schema by the caller), remembering
   * the preset it came from when there is one.
   */
  async import(
    repo: TenantRepository,
    document: WorkflowDocument,
    actor: Principal,
    origin: { presetId?: string } = {},
  ) {
    const doc = { ...document } as Record<string, unknown>;
    delete doc.id;
    assertStorable(doc, '');
    const wf = await this.insert(repo, doc, actor, origin.presetId);
    return this.detail(repo, wf);
  }

  /** Schedules the cron trigger of an enabled published workflow, or cancels it. */
  async syncSchedule(repo: TenantRepository, wf: WorkflowRecord): Promise<void> {
    if (!this.cron) return;
    const workflowId = String(wf._id);
    if (!(wf.enabled && wf.status === 'published' && wf.triggerCron && wf.publishedVersion)) {
      await this.cron.cancelCron(workflowId);
      return;
    }
    const version = await repo
      .of('WorkflowVersion')
      .findOne({ workflowId: wf._id, version: wf.publishedVersion })
      .lean();
    const doc = version?.document as WorkflowDocument | undefined;
    const trigger = doc?.nodes.find((n) => n.kind === 'trigger') as
      | { cron?: { expression: string; timezone?: string } }
      | undefined;
    if (!trigger?.cron) return;
    await this.cron.scheduleCron({
      tenantId: repo.tenantId,
      workflowId,
      expression: trigger.cron.expression,
      timezone: trigger.cron.timezone ?? doc?.settings?.timezone ?? 'Europe/Paris',
    });
  }

  private async insert(repo: TenantRepository, draft: Record<string, unknown>, actor: Principal, presetId?: string) {
    const workflows = repo.of('Workflow');
    await assertBelowLimit(repo, 'maxWorkflows', await workflows.countDocuments({ status: { $ne: 'archived' } }));
    const created = await workflows.create({
      name: typeof draft.name === 'string' && draft.name ? draft.name : 'Sans titre',
      ...mirrored(draft),
      draft,
      revision: 1,
      status: 'draft',
      enabled: false,
      draftUpdatedBy: actor.id,
      ...(presetId ? { presetId } : {}),
    });
    return created.toObject() as unknown as WorkflowRecord;
  }

  private async detail(repo: TenantRepository, wf: WorkflowRecord) {
    const checked = await checkForFirm(repo, { ...(wf.draft as object), id: String(wf._id) });
    return {
      ...workflowSummary(wf),
      draft: wf.draft,
      draftUpdatedBy: wf.draftUpdatedBy ? String(wf.draftUpdatedBy) : null,
      issues: checked.issues as Issue[],
    };
  }
}
