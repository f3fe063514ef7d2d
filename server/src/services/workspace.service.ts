import { DocumentError, getDocument } from '@iapm/runtime';
import type { ApiTypes } from '@iapm/schemas';
import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import type { TenantRepository } from '../db/tenant-repository.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { alertView, checklistItemView } from './dossier.service.ts';

type Doc = Record<string, unknown> & { _id: unknown };

const str = (v: unknown) => (v === undefined || v === null ? null : String(v));
const date = (v: unknown) => (v instanceof Date ? v : null);
const limitOf = (value: string | undefined, fallback = 50) => Math.min(Number(value ?? fallback), 200);

export const workspaceView = (w: Doc) => ({
  id: String(w._id),
  clientId: str(w.clientId),
  title: w.title as string,
  reference: (w.reference as string | undefined) ?? null,
  procedureType: w.procedureType as string,
  situation: (w.situation as string | undefined) ?? null,
  status: w.status as string,
  urgency: w.urgency as string,
  priority: w.priority as string,
  decisionDate: date(w.decisionDate),
  notificationDate: date(w.notificationDate),
  deadlineDate: date(w.deadlineDate),
  assigneeId: str(w.assigneeId),
  tags: (w.tags as string[] | undefined) ?? [],
  archivedAt: date(w.archivedAt),
  createdAt: date(w.createdAt),
  updatedAt: date(w.updatedAt),
});

export const deadlineView = (d: Doc) => ({
  id: String(d._id),
  workspaceId: str(d.workspaceId),
  ruleId: (d.ruleId as string | undefined) ?? null,
  label: d.label as string,
  dueAt: d.dueAt as Date,
  alertAt: date(d.alertAt),
  printedDueAt: date(d.printedDueAt),
  variants: ((d.variants as { label?: string; dueAt?: Date }[] | undefined) ?? []).map((v) => ({
    label: v.label ?? null,
    dueAt: v.dueAt ?? null,
  })),
  urgency: d.urgency as string,
  status: d.status as string,
  legalRef: (d.legalRef as string | undefined) ?? null,
  closedAt: date(d.closedAt),
  filedOn: (d.filedOn as string | undefined) ?? null,
  reference: (d.reference as string | undefined) ?? null,
  closeReason: (d.closeReason as string | undefined) ?? null,
});

const documentView = (d: Doc) => ({
  id: String(d._id),
  documentKey: d.documentKey as string,
  version: d.version as number,
  filename: d.filename as string,
  contentType: d.contentType as string,
  size: d.size as number,
  sha256: d.sha256 as string,
  documentType: (d.documentType as string | undefined) ?? null,
  source: d.source as string,
  uploadedBy: d.uploadedBy as string,
  tags: (d.tags as string[] | undefined) ?? [],
  createdAt: date(d.createdAt),
});

const timelineView = (t: Doc) => ({
  id: String(t._id),
  at: t.at as Date,
  kind: t.kind as string,
  title: t.title as string,
  runId: str(t.runId),
  eventId: (t.eventId as string | undefined) ?? null,
});

/** `before` of the deadline query: a date is midnight in Paris (the day the firm works in), else the instant. */
export function dueBefore(value: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value))
    return DateTime.fromISO(value, { zone: 'Europe/Paris' }).startOf('day').toJSDate();
  return new Date(value);
}

/**
 * The case reads: workspaces (list, and one with its deadlines, checklist, documents, alerts and timeline)
 * and deadlines due before a date. Everything goes through the caller's repository, so a CLIENT reaches
 * their own workspace only and another firm's ids name nothing.
 */
export class WorkspaceService {
  async list(repo: TenantRepository, query: ApiTypes['WorkspaceListQuery']) {
    const limit = limitOf(query.limit);
    const filter: Record<string, unknown> = {};
    if (query.status) filter.status = query.status;
    if (query.procedureType) filter.procedureType = query.procedureType;
    if (query.urgency) filter.urgency = query.urgency;
    if (query.clientId) filter.clientId = new Types.ObjectId(query.clientId);
    if (query.archived !== undefined) filter.archivedAt = { $exists: query.archived === 'true' };
    if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
    const docs = await repo
      .of('Workspace')
      .find(filter)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean();
    const page = docs.slice(0, limit);
    // The clients' names, for a firm's people and systems (a CLIENT sees only their own case).
    const clientIds = [...new Set(page.map((d) => (d.clientId ? String(d.clientId) : '')).filter(Boolean))];
    const clients =
      repo.viewer.kind === 'firm' && clientIds.length
        ? await repo
            .of('Client')
            .find({ _id: { $in: clientIds.map((i) => new Types.ObjectId(i)) } }, { firstName: 1, lastName: 1 })
            .lean()
        : [];
    const names = new Map(
      clients.map((c) => [String(c._id), { id: String(c._id), firstName: c.firstName, lastName: c.lastName }]),
    );
    const items = page.map((d) => ({
      ...workspaceView(d as Doc),
      client: d.clientId ? (names.get(String(d.clientId)) ?? null) : null,
    }));
    return { items, next: docs.length > limit ? (items.at(-1)?.id ?? null) : null };
  }

  async get(repo: TenantRepository, id: string) {
    const workspace = await repo.of('Workspace').findById(id).lean();
    if (!workspace) throw notFound();
    const workspaceId = new Types.ObjectId(id);
    const [deadlines, checklist, documents, alerts, timeline] = await Promise.all([
      repo.of('Deadline').find({ workspaceId }).sort({ dueAt: 1 }).limit(200).lean(),
      repo.of('ChecklistItem').find({ workspaceId }).sort({ order: 1 }).limit(500).lean(),
      repo.of('Document').find({ workspaceId }).sort({ createdAt: -1 }).limit(500).lean(),
      repo.of('Alert').find({ workspaceId }).sort({ createdAt: -1 }).limit(200).lean(),
      repo.of('TimelineEvent').find({ workspaceId }).sort({ at: -1 }).limit(200).lean(),
    ]);
    const client =
      repo.viewer.kind === 'firm' && workspace.clientId
        ? await repo.of('Client').findById(String(workspace.clientId)).lean()
        : null;
    return {
      ...workspaceView(workspace as Doc),
      client: client
        ? {
            id: String(client._id),
            firstName: client.firstName,
            lastName: client.lastName,
            email: client.email ?? null,
            phone: client.phone ?? null,
            status: client.status,
          }
        : null,
      deadlines: deadlines.map((d) => deadlineView(d as Doc)),
      checklist: checklist.map((c) => checklistItemView(c as Doc)),
      documents: documents.map((d) => documentView(d as Doc)),
      alerts: alerts.map((a) => alertView(a as Doc)),
      timeline: timeline.map((t) => timelineView(t as Doc)),
    };
  }

  /**
   * Deadlines due before a date, nearest first. Dates are compared here rather than in the query: a
   * deadline list is small, and the comparison then does not depend on the database's date operators.
   */
  async deadlines(repo: TenantRepository, query: ApiTypes['DeadlineListQuery']) {
    const before = dueBefore(query.before as string).getTime();
    const limit = limitOf(query.limit, 100);
    const filter: Record<string, unknown> = {};
    const status = query.status ?? 'open';
    if (status !== 'all') filter.status = status;
    if (query.workspaceId) filter.workspaceId = new Types.ObjectId(query.workspaceId);
    const docs = await repo.of('Deadline').find(filter, { trace: 0 }).lean();
    const due = docs
      .filter((d) => d.dueAt instanceof Date && d.dueAt.getTime() < before)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
      .slice(0, limit);
    const ids = [...new Set(due.map((d) => (d.workspaceId ? String(d.workspaceId) : '')).filter(Boolean))];
    const workspaces = ids.length
      ? await repo
          .of('Workspace')
          .find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } }, { title: 1, procedureType: 1 })
          .lean()
      : [];
    const titles = new Map(workspaces.map((w) => [String(w._id), { title: w.title, procedureType: w.procedureType }]));
    return {
      before: new Date(before),
      items: due.map((d) => ({
        ...deadlineView(d as Doc),
        workspace: d.workspaceId ? (titles.get(String(d.workspaceId)) ?? null) : null,
      })),
    };
  }

  /**
   * A stored document's bytes, for whoever may see its metadata (a CLIENT: a document of their workspace),
   * checked against their SHA-256 before they are sent (a document altered in storage is refused).
   */
  async content(repo: TenantRepository, id: string) {
    const meta = await repo.of('Document').findById(id, { _id: 1 }).lean();
    if (!meta) throw notFound();
    try {
      return await getDocument(repo.connection, repo.tenantId, id);
    } catch (error) {
      if (error instanceof DocumentError && error.code === 'document.not-found') throw notFound();
      // Bytes that no longer match their digest, or chunks the driver finds broken.
      if (error instanceof DocumentError || /^MongoGridFS/.test((error as Error).name))
        throw new HttpProblem(409, 'document-corrupt', {
          fr: 'Le document stocké ne correspond plus à son empreinte SHA-256.',
          en: 'The stored document no longer matches its SHA-256 digest.',
        });
      throw error;
    }
  }
}
