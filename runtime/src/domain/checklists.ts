/**
 * Document checklists per procedure (ceseda.md §6): the list a workspace starts with, and its items ticked by
 * `document:uploaded` / `document:verified` events. Plain data in, new plain data out.
 */
import type { ChecklistCatalog, ChecklistItem, EventPayloads } from '@iapm/schemas';
import { domainError } from './errors.ts';
import type { ProcedureType, Situation } from './rules.ts';

/** Where an expected document stands. */
export type ChecklistItemStatus = 'missing' | 'uploaded' | 'verified' | 'rejected';

/** One expected document of a workspace. */
export interface WorkspaceChecklistItem {
  key: string;
  label: { fr: string; en: string };
  mandatory: boolean;
  status: ChecklistItemStatus;
  /** Documents received for this item, oldest first. */
  documentIds: string[];
  /** How the last document was matched to this item. */
  matchedBy?: 'documentType' | 'alias' | 'filename';
  /** Reasons given when the last verification refused the document. */
  issues?: string[];
  expiresOn?: string;
  updatedAt?: string;
  legalRef?: string;
}

/** The checklist of one workspace. */
export interface WorkspaceChecklist {
  workspaceId?: string;
  procedureType: ProcedureType;
  situation?: Situation;
  items: WorkspaceChecklistItem[];
}

/** A document event as the engine delivers it. */
export type ChecklistEvent =
  | { type: 'document:uploaded'; payload: EventPayloads['document:uploaded']; occurredAt?: string }
  | { type: 'document:verified'; payload: EventPayloads['document:verified']; occurredAt?: string };

/** The result of applying an event: the new checklist, and the item it changed (if any). */
export interface ChecklistUpdate {
  checklist: WorkspaceChecklist;
  changed: boolean;
  itemKey?: string;
}

/** Counts for display and for the "checklist complete" notification. */
export interface ChecklistProgress {
  total: number;
  mandatory: number;
  received: number;
  verified: number;
  missingMandatory: string[];
  rejected: string[];
  /** Every mandatory item received (uploaded or verified) and none refused. */
  complete: boolean;
  /** Every mandatory item verified. */
  allVerified: boolean;
}

function toItem(item: ChecklistItem): WorkspaceChecklistItem {
  return {
    key: item.key,
    label: { fr: item.label.fr, en: item.label.en },
    mandatory: item.mandatory,
    status: 'missing',
    documentIds: [],
    ...(item.legalRef ? { legalRef: item.legalRef } : {}),
  };
}

function applies(item: ChecklistItem, situation: Situation | undefined): boolean {
  return !item.situations || (situation !== undefined && item.situations.includes(situation));
}

/**
 * The checklist a new workspace of `procedureType` starts with: the common items, then the procedure's own, kept
 * only when they apply to `situation` (items limited to some situations are left out when it is unknown). Every
 * item starts `missing`. An unknown procedure type gets the common items only.
 * Pure: no clock, no I/O.
 */
export function selectChecklist(
  catalog: ChecklistCatalog,
  procedureType: ProcedureType,
  situation?: Situation,
  workspaceId?: string,
): WorkspaceChecklist {
  const own = catalog.procedures[procedureType]?.items ?? [];
  const items = [...catalog.common, ...own].filter((item) => applies(item, situation)).map(toItem);
  return {
    ...(workspaceId ? { workspaceId } : {}),
    procedureType,
    ...(situation ? { situation } : {}),
    items,
  };
}

/** Lower case, accents removed, anything but letters and digits turned into single spaces. */
function normalise(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

function findItem(
  catalog: ChecklistCatalog,
  checklist: WorkspaceChecklist,
  documentType: string | undefined,
  filename: string | undefined,
): { index: number; matchedBy: WorkspaceChecklistItem['matchedBy'] } | undefined {
  const definitions = new Map(
    [...catalog.common, ...(catalog.procedures[checklist.procedureType]?.items ?? [])].map((item) => [item.key, item]),
  );
  if (documentType) {
    const exact = checklist.items.findIndex((item) => item.key === documentType);
    if (exact >= 0) return { index: exact, matchedBy: 'documentType' };
    const alias = checklist.items.findIndex((item) => definitions.get(item.key)?.aliases?.includes(documentType));
    if (alias >= 0) return { index: alias, matchedBy: 'alias' };
  }
  if (!filename) return undefined;
  const name = normalise(filename.replace(/\.[a-z0-9]{1,5}$/i, ''));
  let best: { index: number; score: number } | undefined;
  checklist.items.forEach((item, index) => {
    const matched = (definitions.get(item.key)?.keywords ?? []).filter((keyword) => name.includes(normalise(keyword)));
    if (matched.length === 0) return;
    // Prefer items still missing, then mandatory ones, then the item whose keywords cover most of the name.
    const specificity = matched.reduce((sum, keyword) => sum + keyword.length, 0);
    const score = (item.status === 'missing' ? 1000 : 0) + (item.mandatory ? 100 : 0) + specificity;
    if (!best || score > best.score) best = { index, score };
  });
  return best ? { index: best.index, matchedBy: 'filename' } : undefined;
}

/**
 * Ticks the checklist from a document event. `document:uploaded`: the item named by `documentType` (or one of its
 * aliases, or else the item whose keywords appear in the file name) becomes `uploaded` — a new version of a
 * verified document needs verifying again. `document:verified`: the item holding that document (or named by its
 * type) becomes `verified` or `rejected` with the reasons. Events of another workspace, or matching no item,
 * change nothing. Throws a DomainError when the event is not a document event.
 * Pure: no clock, no I/O.
 */
export function applyDocumentEvent(
  catalog: ChecklistCatalog,
  checklist: WorkspaceChecklist,
  event: ChecklistEvent,
): ChecklistUpdate {
  if (!event || (event.type !== 'document:uploaded' && event.type !== 'document:verified')) {
    throw domainError('checklist.event-invalid', '/type', {
      detail: `« ${String((event as { type?: unknown } | undefined)?.type)} »`,
    });
  }
  const payload = event.payload;
  if (checklist.workspaceId && payload.workspaceId !== checklist.workspaceId) return { checklist, changed: false };

  let found: { index: number; matchedBy: WorkspaceChecklistItem['matchedBy'] } | undefined;
  if (event.type === 'document:verified') {
    const holder = checklist.items.findIndex((item) => item.documentIds.includes(event.payload.documentId));
    found =
      holder >= 0
        ? { index: holder, matchedBy: undefined }
        : findItem(catalog, checklist, payload.documentType, undefined);
  } else {
    found = findItem(catalog, checklist, payload.documentType, event.payload.filename);
  }
  if (!found) return { checklist, changed: false };

  const previous = checklist.items[found.index] as WorkspaceChecklistItem;
  const next: WorkspaceChecklistItem = { ...previous, documentIds: [...previous.documentIds] };
  if (event.occurredAt) next.updatedAt = event.occurredAt;
  if (event.type === 'document:uploaded') {
    if (!next.documentIds.includes(event.payload.documentId)) next.documentIds.push(event.payload.documentId);
    next.status = 'uploaded';
    next.matchedBy = found.matchedBy;
    delete next.issues;
  } else {
    if (!next.documentIds.includes(event.payload.documentId)) next.documentIds.push(event.payload.documentId);
    next.status = event.payload.status === 'valid' ? 'verified' : 'rejected';
    if (event.payload.status === 'invalid') next.issues = [...(event.payload.issues ?? ['other'])];
    else delete next.issues;
    if (event.payload.expiresOn) next.expiresOn = event.payload.expiresOn;
    if (found.matchedBy) next.matchedBy = found.matchedBy;
  }
  const items = checklist.items.map((item, index) => (index === found.index ? next : item));
  return { checklist: { ...checklist, items }, changed: true, itemKey: next.key };
}

/**
 * Counts received, verified, missing and refused items; `complete` when every mandatory item is received and
 * none is refused.
 * Pure: no clock, no I/O.
 */
export function checklistProgress(checklist: WorkspaceChecklist): ChecklistProgress {
  const mandatory = checklist.items.filter((item) => item.mandatory);
  const received = (item: WorkspaceChecklistItem) => item.status === 'uploaded' || item.status === 'verified';
  const missingMandatory = mandatory.filter((item) => !received(item)).map((item) => item.key);
  const rejected = checklist.items.filter((item) => item.status === 'rejected').map((item) => item.key);
  return {
    total: checklist.items.length,
    mandatory: mandatory.length,
    received: checklist.items.filter(received).length,
    verified: checklist.items.filter((item) => item.status === 'verified').length,
    missingMandatory,
    rejected,
    complete: missingMandatory.length === 0 && !mandatory.some((item) => item.status === 'rejected'),
    allVerified: mandatory.every((item) => item.status === 'verified'),
  };
}
