import { createHash } from 'node:crypto';
import type { ChecklistCatalog } from '@iapm/schemas';
import { Types } from 'mongoose';
import type { Models } from '../db/models/index.ts';
import { findOwned } from '../db/owned.ts';
import {
  applyDocumentEvent,
  type ChecklistEvent,
  type ChecklistItemStatus,
  type ChecklistProgress,
  checklistProgress,
  selectChecklist,
  type WorkspaceChecklist,
} from '../domain/checklists.ts';
import type { ProcedureType, Situation } from '../domain/rules.ts';

/** What the checklist functions need of a workspace. */
export interface ChecklistWorkspace {
  _id: Types.ObjectId | string;
  procedureType: string;
  situation?: string | null;
}

type StoredStatus = 'missing' | 'received' | 'verified' | 'invalid';

const TO_STORED: Record<ChecklistItemStatus, StoredStatus> = {
  missing: 'missing',
  uploaded: 'received',
  verified: 'verified',
  rejected: 'invalid',
};
const FROM_STORED: Record<StoredStatus, ChecklistItemStatus> = {
  missing: 'missing',
  received: 'uploaded',
  verified: 'verified',
  invalid: 'rejected',
};

/**
 * The `_id` of a workspace's checklist item: derived from the firm, the workspace and the item key, so that
 * attaching twice creates nothing more and ticking finds an item by `_id` (the only indexed lookup on
 * FerretDB v1) without a query on `workspaceId`.
 */
export function checklistItemId(tenantId: string, workspaceId: string, key: string): Types.ObjectId {
  return new Types.ObjectId(
    createHash('sha256').update(`checklist:${tenantId}:${workspaceId}:${key}`).digest('hex').slice(0, 24),
  );
}

/**
 * The list a workspace of this procedure starts with: the common items and the procedure's own (those that
 * apply to the situation), or nothing when the procedure has no list of its own (`AUTRE`).
 */
export function checklistFor(catalog: ChecklistCatalog, workspace: ChecklistWorkspace): WorkspaceChecklist | null {
  if (!catalog.procedures[workspace.procedureType]) return null;
  return selectChecklist(
    catalog,
    workspace.procedureType as ProcedureType,
    (workspace.situation ?? undefined) as Situation | undefined,
    String(workspace._id),
  );
}

/** Stores the workspace's checklist items (once: a repeat finds them stored). Returns how many it holds. */
export async function attachChecklist(
  models: Models,
  tenantId: string,
  workspace: ChecklistWorkspace,
  catalog: ChecklistCatalog,
): Promise<number> {
  const list = checklistFor(catalog, workspace);
  if (!list) return 0;
  const workspaceId = String(workspace._id);
  const docs = list.items.map((item, order) => ({
    _id: checklistItemId(tenantId, workspaceId, item.key),
    tenantId,
    workspaceId,
    key: item.key,
    label: item.label.fr.slice(0, 300),
    required: item.mandatory,
    status: 'missing',
    order,
  }));
  try {
    await models.ChecklistItem.insertMany(docs, { ordered: false });
  } catch (error) {
    // Items stored by an earlier execution are kept as they are (they may have been ticked since).
    const failures = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
    const onlyDuplicates =
      (error as { code?: number }).code === 11000 || failures?.every((f) => (f.code ?? f.err?.code) === 11000) === true;
    if (!onlyDuplicates) throw error;
  }
  return docs.length;
}

/** Removes the checklist items of a workspace (a compensation of its creation). */
export async function removeChecklist(models: Models, tenantId: string, workspaceId: string): Promise<void> {
  await models.ChecklistItem.deleteMany({ tenantId, workspaceId });
}

interface StoredItem {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  key: string;
  status?: StoredStatus;
  documentIds?: string[];
  documentId?: Types.ObjectId;
  issues?: string[];
  expiresOn?: string;
  updatedAt?: Date;
}

/**
 * The workspace's checklist as stored: the items of its procedure's list that were attached, with their
 * status and documents. Each item is read by its `_id`.
 */
export async function loadChecklist(
  models: Models,
  tenantId: string,
  workspace: ChecklistWorkspace,
  catalog: ChecklistCatalog,
): Promise<WorkspaceChecklist | null> {
  const list = checklistFor(catalog, workspace);
  if (!list) return null;
  const workspaceId = String(workspace._id);
  const stored = await Promise.all(
    list.items.map(
      (item) =>
        models.ChecklistItem.findById(
          checklistItemId(tenantId, workspaceId, item.key),
        ).lean() as Promise<StoredItem | null>,
    ),
  );
  const items = list.items.flatMap((item, index) => {
    const doc = stored[index];
    if (!doc || String(doc.tenantId) !== tenantId) return [];
    const documentIds = doc.documentIds?.length ? doc.documentIds : doc.documentId ? [String(doc.documentId)] : [];
    return [
      {
        ...item,
        status: FROM_STORED[doc.status ?? 'missing'],
        documentIds,
        ...(doc.issues?.length ? { issues: doc.issues } : {}),
        ...(doc.expiresOn ? { expiresOn: doc.expiresOn } : {}),
      },
    ];
  });
  return { ...list, items };
}

/** Mandatory items not yet received (for urgency: missing documents raise it). */
export async function missingMandatory(
  models: Models,
  tenantId: string,
  workspace: ChecklistWorkspace,
  catalog: ChecklistCatalog,
): Promise<string[]> {
  const checklist = await loadChecklist(models, tenantId, workspace, catalog);
  return checklist ? checklistProgress(checklist).missingMandatory : [];
}

/** What ticking did: the item changed and the progress before and after. */
export interface ChecklistTick {
  workspaceId: string;
  itemKey: string;
  status: ChecklistItemStatus;
  before: ChecklistProgress;
  after: ChecklistProgress;
}

/**
 * Ticks the item a `document:uploaded` / `document:verified` event is about (matching by document type, its
 * aliases, then keywords in the file name — see `applyDocumentEvent`). Returns what changed, or null when the
 * event concerns no stored item of this firm. Applying the same event again changes nothing more.
 */
export async function tickChecklist(
  models: Models,
  tenantId: string,
  event: ChecklistEvent,
  catalog: ChecklistCatalog,
): Promise<ChecklistTick | null> {
  const workspaceId = event.payload.workspaceId;
  if (!Types.ObjectId.isValid(workspaceId) || workspaceId.length !== 24) return null;
  const workspace = await findOwned<ChecklistWorkspace>(models.Workspace, workspaceId, tenantId, {
    procedureType: 1,
    situation: 1,
  });
  if (!workspace) return null;
  const checklist = await loadChecklist(models, tenantId, workspace, catalog);
  if (!checklist || checklist.items.length === 0) return null;
  const update = applyDocumentEvent(catalog, checklist, event);
  if (!update.changed || !update.itemKey) return null;
  const item = update.checklist.items.find((i) => i.key === update.itemKey);
  const previous = checklist.items.find((i) => i.key === update.itemKey);
  if (!item || !previous) return null;
  if (
    item.status === previous.status &&
    item.documentIds.length === previous.documentIds.length &&
    (item.issues ?? []).join() === (previous.issues ?? []).join()
  ) {
    return null;
  }
  const latest = item.documentIds.at(-1);
  // By `_id` alone (indexed): the id is derived from the firm, and the item was read as the firm's.
  await models.ChecklistItem.updateOne(
    { _id: checklistItemId(tenantId, workspaceId, item.key) },
    {
      $set: {
        status: TO_STORED[item.status],
        documentIds: item.documentIds,
        ...(latest && Types.ObjectId.isValid(latest) && latest.length === 24 ? { documentId: latest } : {}),
        ...(item.expiresOn ? { expiresOn: item.expiresOn } : {}),
        ...(item.issues ? { issues: item.issues } : {}),
      },
      ...(item.issues ? {} : { $unset: { issues: 1 } }),
    },
  );
  return {
    workspaceId,
    itemKey: item.key,
    status: item.status,
    before: checklistProgress(checklist),
    after: checklistProgress(update.checklist),
  };
}
