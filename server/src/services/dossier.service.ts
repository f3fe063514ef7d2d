import { recheckDeadlines, unwatchDeadline } from '@iapm/runtime';
import { claimOnce, getModels } from '@iapm/runtime/db';
import type { ApiTypes } from '@iapm/schemas';
import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import type { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import { issue } from '../http/validate.ts';

/** How the timeline names the person who acted. */
export const actorName = (principal: Principal) => principal.name || principal.email || 'cabinet';

/** `YYYY-MM-DD` as words (`24/11/2026`), for timeline titles. */
const frenchDate = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'Europe/Paris' }).toFormat('dd/MM/yyyy');

/** A timeline entry of the case (kind, title in French, details without case content beyond the title). */
export async function addTimeline(
  repo: TenantRepository,
  workspaceId: unknown,
  entry: { kind: string; title: string; details?: Record<string, unknown>; at?: Date },
): Promise<void> {
  // Written for the firm directly: a CLIENT's upload is recorded too, though they cannot write the timeline.
  await getModels(repo.connection).TimelineEvent.create({
    tenantId: repo.tenantObjectId,
    workspaceId: workspaceId as Types.ObjectId,
    at: entry.at ?? new Date(),
    kind: entry.kind,
    title: entry.title.slice(0, 300),
    ...(entry.details ? { details: entry.details } : {}),
  });
}

/**
 * What a lawyer does on a case: tick or untick a checklist item, acknowledge an alert, close a deadline
 * (appeal filed, or no longer relevant). Each change records who and when on the item and a line in the case's
 * timeline; a repeat of a change already made changes nothing more.
 */
export class DossierService {
  /**
   * Ticks (received) or unticks (back to missing) a checklist item. An item is never removed: unticking a
   * mandatory one needs a reason, which the timeline keeps. When a mandatory item changes, the deadline
   * watcher looks at the case's deadlines again (missing documents count in their urgency).
   */
  async check(repo: TenantRepository, principal: Principal, id: string, body: ApiTypes['ChecklistTickBody']) {
    const items = repo.of('ChecklistItem');
    const item = await items.findById(id).lean();
    if (!item) throw notFound();
    if (!body.received && item.required && !body.reason?.trim())
      throw invalid([issue('/reason', 'schema.required', { property: 'reason' })]);
    const wasReceived = item.status === 'received' || item.status === 'verified';
    if (wasReceived === body.received) return checklistItemView(item);
    const now = new Date();
    const updated = await items.findOneAndUpdate(
      { _id: item._id },
      {
        $set: {
          status: body.received ? 'received' : 'missing',
          checkedAt: now,
          ...(principal.kind === 'user' ? { checkedBy: new Types.ObjectId(principal.id) } : {}),
        },
      },
    );
    if (!updated) throw notFound();
    const who = actorName(principal);
    await addTimeline(repo, item.workspaceId, {
      kind: 'checklist',
      at: now,
      title: body.received
        ? `Pièce reçue : ${item.label} (pointée par ${who})`
        : `Pièce remise à manquante : ${item.label} (par ${who})${body.reason ? ` — ${body.reason}` : ''}`,
      details: { itemKey: item.key, status: body.received ? 'uploaded' : 'missing', by: principal.id },
    });
    if (item.required) await recheckDeadlines(repo.connection, repo.tenantId, String(item.workspaceId), now);
    return checklistItemView(updated.toObject());
  }

  /**
   * Acknowledges an alert: it leaves the alerts to handle; the first acknowledgement (who, when) stands. The
   * first is decided by a unique insert (`claimOnce`): FerretDB v1 does not apply a conditional update
   * atomically across clients, so two lawyers acknowledging at once would both "win" and write twice.
   * A caller that loses answers with the winner's acknowledgement, and writes it if the winner has not yet
   * (the same values: harmless), so a winner that died between its claim and its write is rolled forward.
   */
  async acknowledge(repo: TenantRepository, principal: Principal, id: string) {
    const alerts = repo.of('Alert');
    const alert = await alerts.findById(id).lean();
    if (!alert) throw notFound();
    if (alert.acknowledgedAt) return alertView(alert);
    const mine = {
      at: new Date().toISOString(),
      ...(principal.kind === 'user' ? { by: principal.id } : {}),
    };
    const claim = await claimOnce(repo.connection, `alert-ack:${repo.tenantId}:${id}`, principal.id, mine);
    const won = claim.claimed ? mine : ((claim.existing?.result as typeof mine | undefined) ?? mine);
    const set = {
      acknowledgedAt: new Date(won.at),
      ...(won.by ? { acknowledgedBy: new Types.ObjectId(won.by) } : {}),
    };
    const updated = await alerts.findOneAndUpdate({ _id: alert._id }, { $set: set });
    if (!updated) throw notFound();
    if (claim.claimed && alert.workspaceId)
      await addTimeline(repo, alert.workspaceId, {
        kind: 'alert',
        at: set.acknowledgedAt,
        title: `Alerte prise en compte : ${alert.title} (par ${actorName(principal)})`,
        details: { alertId: String(alert._id), level: alert.level, by: principal.id },
      });
    return alertView(updated.toObject());
  }

  /**
   * Closes an open deadline: met (the appeal filed on `filedOn`, not in the future, with an optional
   * reference) or cancelled (no longer relevant, with a reason). The watcher stops looking at it, and the case's
   * next deadline becomes the nearest one still open. A closed deadline cannot be closed again (409): the one
   * close that counts is decided by a unique insert (`claimOnce`), not by a conditional update, which FerretDB
   * v1 does not apply atomically across clients.
   */
  async closeDeadline(repo: TenantRepository, principal: Principal, id: string, body: ApiTypes['DeadlineCloseBody']) {
    const deadlines = repo.of('Deadline');
    const deadline = await deadlines.findById(id, { trace: 0 }).lean();
    if (!deadline) throw notFound();
    if (deadline.status !== 'open')
      throw conflict(
        'deadline-closed',
        { fr: 'Cette échéance est déjà close.', en: 'This deadline is already closed.' },
        { status: deadline.status },
      );
    const today = DateTime.now().setZone('Europe/Paris').toISODate() as string;
    if (body.status === 'met' && (body.filedOn as string) > today)
      throw invalid([
        {
          pointer: '/filedOn',
          code: 'schema.invalid',
          message: {
            fr: 'La date de dépôt ne peut pas être dans le futur.',
            en: 'The filing date cannot be in the future.',
          },
          severity: 'error',
        },
      ]);
    const now = new Date();
    const close = {
      status: body.status,
      closedAt: now.toISOString(),
      ...(principal.kind === 'user' ? { closedBy: principal.id } : {}),
      ...(body.status === 'met' ? { filedOn: body.filedOn } : {}),
      ...(body.status === 'met' && body.reference ? { reference: body.reference } : {}),
      ...(body.status === 'cancelled' ? { closeReason: body.reason } : {}),
    };
    const asStored = (c: typeof close) => ({
      ...c,
      closedAt: new Date(c.closedAt),
      ...(c.closedBy ? { closedBy: new Types.ObjectId(c.closedBy) } : {}),
    });
    const claim = await claimOnce(repo.connection, `deadline-close:${repo.tenantId}:${id}`, principal.id, close);
    if (!claim.claimed) {
      // Closed by someone else: theirs stands. Written again if they have not written it yet (the same values),
      // so that a close whose writer died after its claim is rolled forward.
      const theirs = claim.existing?.result as typeof close | undefined;
      if (theirs) {
        await deadlines.updateOne({ _id: deadline._id, status: 'open' }, { $set: asStored(theirs) });
        await unwatchDeadline(repo.connection, repo.tenantId, id);
      }
      throw conflict('deadline-closed', {
        fr: 'Cette échéance est déjà close.',
        en: 'This deadline is already closed.',
      });
    }
    const updated = await deadlines.findOneAndUpdate({ _id: deadline._id }, { $set: asStored(close) });
    if (!updated) throw notFound();
    await unwatchDeadline(repo.connection, repo.tenantId, id);
    const who = actorName(principal);
    if (deadline.workspaceId) {
      await addTimeline(repo, deadline.workspaceId, {
        kind: 'deadline',
        at: now,
        title:
          body.status === 'met'
            ? `Recours déposé le ${frenchDate(body.filedOn as string)}${body.reference ? ` (réf. ${body.reference})` : ''} : ${deadline.label} (par ${who})`
            : `Échéance sans objet : ${deadline.label} — ${body.reason} (par ${who})`,
        details: { deadlineId: id, status: body.status, by: principal.id },
      });
      await this.nextDeadline(repo, deadline.workspaceId);
    }
    return closedView(updated.toObject());
  }

  /** Sets the case's next deadline to the nearest one still open (none: unset). */
  private async nextDeadline(repo: TenantRepository, workspaceId: unknown) {
    const open = await repo.of('Deadline').find({ workspaceId, status: 'open' }, { dueAt: 1, alertAt: 1 }).lean();
    const next = open
      .map((d) => new Date(d.alertAt ?? d.dueAt))
      .sort((a, b) => a.getTime() - b.getTime())
      .at(0);
    await repo
      .of('Workspace')
      .updateOne({ _id: workspaceId }, next ? { $set: { deadlineDate: next } } : { $unset: { deadlineDate: 1 } });
  }
}

type Doc = Record<string, unknown> & { _id: unknown };
const date = (v: unknown) => (v instanceof Date ? v : null);
const str = (v: unknown) => (v === undefined || v === null ? null : String(v));

export const checklistItemView = (c: Doc) => ({
  id: String(c._id),
  key: c.key as string,
  label: c.label as string,
  required: c.required as boolean,
  status: c.status as string,
  documentId: str(c.documentId),
  order: c.order as number,
  checkedAt: date(c.checkedAt),
  checkedBy: str(c.checkedBy),
});

export const alertView = (a: Doc) => ({
  id: String(a._id),
  level: a.level as string,
  title: a.title as string,
  message: (a.message as string | undefined) ?? null,
  acknowledgedAt: date(a.acknowledgedAt),
  acknowledgedBy: str(a.acknowledgedBy),
  createdAt: date(a.createdAt),
});

const closedView = (d: Doc) => ({
  id: String(d._id),
  workspaceId: str(d.workspaceId),
  label: d.label as string,
  dueAt: d.dueAt as Date,
  status: d.status as string,
  closedAt: date(d.closedAt),
  closedBy: str(d.closedBy),
  filedOn: (d.filedOn as string | undefined) ?? null,
  reference: (d.reference as string | undefined) ?? null,
  closeReason: (d.closeReason as string | undefined) ?? null,
});
