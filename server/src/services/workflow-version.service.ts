import type { WorkflowDocument } from '@iapm/schemas';
import type { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { conflict, HttpProblem, notFound } from '../http/problem.ts';
import { archivedConflict, type WorkflowRecord, type WorkflowService, workflowSummary } from './workflow.service.ts';
import { checkForFirm } from './workflow-check.ts';
import { diffWorkflows } from './workflow-diff.ts';

interface VersionRecord {
  _id: unknown;
  version: number;
  document: unknown;
  publishedBy?: unknown;
  publishedAt: Date;
  note?: string | null;
  restoredFrom?: number | null;
}

const refused = (issues: import('@iapm/schemas').Issue[]) =>
  new HttpProblem(
    400,
    'workflow-invalid',
    {
      fr: 'Le workflow ne peut pas être publié : corrigez les erreurs signalées.',
      en: 'The workflow cannot be published: fix the reported errors.',
    },
    issues,
  );

const publishConflict = () =>
  conflict('publish-conflict', {
    fr: 'Une autre publication vient d’avoir lieu : rechargez le workflow.',
    en: 'Another publication just happened: reload the workflow.',
  });

/**
 * Published versions: publishing the draft (checked like the runtime checks it; immutable version N with who
 * and when), listing and reading versions, the structured diff between two of them (or the draft), and
 * rollback (an old version published again as a new one).
 */
export class WorkflowVersionService {
  constructor(private readonly workflows: WorkflowService) {}

  async publish(repo: TenantRepository, id: string, body: { revision?: number; note?: string }, actor: Principal) {
    const wf = await this.load(repo, id);
    if (wf.status === 'archived') throw archivedConflict();
    if (body.revision !== undefined && body.revision !== wf.revision)
      throw conflict(
        'draft-conflict',
        {
          fr: 'Le brouillon a été modifié depuis : rechargez-le avant de publier.',
          en: 'The draft was changed since: reload it before publishing.',
        },
        { current: { revision: wf.revision } },
      );
    return this.release(repo, wf, { ...(wf.draft as object), id: String(wf._id) }, actor, body.note);
  }

  /** Publishes an old version's document again, as a new version that says where it came from. */
  async rollback(repo: TenantRepository, id: string, version: number, note: string | undefined, actor: Principal) {
    const wf = await this.load(repo, id);
    if (wf.status === 'archived') throw archivedConflict();
    const old = await this.version(repo, id, version);
    return this.release(repo, wf, old.document as object, actor, note, version);
  }

  async versions(repo: TenantRepository, id: string) {
    const wf = await this.load(repo, id);
    const versions = (await repo
      .of('WorkflowVersion')
      .find({ workflowId: id }, { document: 0 })
      .sort({ version: -1 })
      .lean()) as VersionRecord[];
    const names = await this.actorNames(
      repo,
      versions.map((v) => v.publishedBy),
    );
    return versions.map((v) => ({ ...this.view(v, names), current: v.version === wf.publishedVersion }));
  }

  async version(repo: TenantRepository, id: string, version: number) {
    await this.load(repo, id);
    const v = (await repo.of('WorkflowVersion').findOne({ workflowId: id, version }).lean()) as VersionRecord | null;
    if (!v) throw notFound();
    const names = await this.actorNames(repo, [v.publishedBy]);
    return { ...this.view(v, names), document: v.document };
  }

  /** The structured difference between two versions (`draft` names the current draft). */
  async diff(repo: TenantRepository, id: string, from: string, to: string) {
    const wf = await this.load(repo, id);
    const documentOf = async (ref: string) =>
      ref === 'draft' ? (wf.draft as object) : ((await this.version(repo, id, Number(ref))).document as object);
    const [before, after] = [await documentOf(from), await documentOf(to)];
    return { from, to, ...diffWorkflows(before as never, after as never) };
  }

  private async release(
    repo: TenantRepository,
    wf: WorkflowRecord,
    document: object,
    actor: Principal,
    note: string | undefined,
    restoredFrom?: number,
  ) {
    const workflowId = String(wf._id);
    const checked = await checkForFirm(repo, { ...document, id: workflowId });
    if (!checked.ok) throw refused(checked.issues);
    const doc = checked.value as WorkflowDocument;
    const number = (wf.publishedVersion ?? 0) + 1;
    const publishedAt = new Date();
    try {
      await repo.of('WorkflowVersion').create({
        workflowId,
        version: number,
        document: doc,
        publishedBy: actor.id,
        publishedAt,
        ...(note ? { note } : {}),
        ...(restoredFrom ? { restoredFrom } : {}),
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw publishConflict();
      throw error;
    }
    const trigger = doc.nodes.find((n) => n.kind === 'trigger') as
      | { event?: string; cron?: { expression: string } }
      | undefined;
    const set = {
      status: 'published',
      publishedVersion: number,
      // The first publication turns the workflow on; later ones keep the switch as it was.
      enabled: wf.publishedVersion ? wf.enabled : true,
    };
    const unset: Record<string, 1> = {};
    if (trigger?.event) Object.assign(set, { triggerEvent: trigger.event });
    else unset.triggerEvent = 1;
    if (trigger?.cron) Object.assign(set, { triggerCron: trigger.cron.expression });
    else unset.triggerCron = 1;
    const updated = (await repo
      .of('Workflow')
      .findOneAndUpdate(
        { _id: workflowId, ...(wf.publishedVersion ? { publishedVersion: wf.publishedVersion } : {}) },
        { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
      )
      .lean()) as WorkflowRecord | null;
    if (!updated) throw publishConflict();
    await this.workflows.syncSchedule(repo, updated);
    const names = await this.actorNames(repo, [actor.id]);
    return {
      workflow: workflowSummary(updated),
      version: this.view(
        {
          _id: null,
          version: number,
          document: doc,
          publishedBy: actor.id,
          publishedAt,
          note: note ?? null,
          restoredFrom,
        },
        names,
      ),
      warnings: checked.issues,
    };
  }

  private async load(repo: TenantRepository, id: string): Promise<WorkflowRecord> {
    const wf = (await repo.of('Workflow').findById(id).lean()) as WorkflowRecord | null;
    if (!wf) throw notFound();
    return wf;
  }

  private view(v: VersionRecord, names: Map<string, { kind: string; name: string }>) {
    const by = v.publishedBy ? String(v.publishedBy) : null;
    return {
      version: v.version,
      publishedAt: v.publishedAt,
      publishedBy: by ? { id: by, ...(names.get(by) ?? { kind: 'unknown', name: '' }) } : null,
      note: v.note ?? null,
      restoredFrom: v.restoredFrom ?? null,
    };
  }

  /** Who published: a person of the firm, or one of its API keys. */
  private async actorNames(repo: TenantRepository, ids: unknown[]) {
    const wanted = [...new Set(ids.filter(Boolean).map(String))];
    const names = new Map<string, { kind: string; name: string }>();
    if (!wanted.length) return names;
    for (const u of await repo
      .of('User')
      .find({ _id: { $in: wanted } }, { name: 1 })
      .lean())
      names.set(String(u._id), { kind: 'user', name: u.name });
    for (const k of await repo
      .of('ApiKey')
      .find({ _id: { $in: wanted } }, { name: 1 })
      .lean())
      names.set(String(k._id), { kind: 'api-key', name: k.name });
    return names;
  }
}
