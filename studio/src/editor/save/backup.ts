import type { Doc } from '../model/document.ts';

/** A copy of unsaved work kept in the browser, in case the page closes before the server has it. */
export interface LocalBackup {
  /** The server revision and document the work was made on. */
  baseRevision: number;
  baseDoc: Doc;
  doc: Doc;
  at: string;
}

const key = (workflowId: string) => `iapm.unsaved.${workflowId}`;

/** Keeps unsaved work of a workflow in this browser. */
export function writeBackup(workflowId: string, backup: LocalBackup): void {
  try {
    localStorage.setItem(key(workflowId), JSON.stringify(backup));
  } catch {
    // Storage full or refused: the server copy remains the only one.
  }
}

/** The unsaved work kept for a workflow, if any. */
export function readBackup(workflowId: string): LocalBackup | undefined {
  try {
    const raw = localStorage.getItem(key(workflowId));
    return raw ? (JSON.parse(raw) as LocalBackup) : undefined;
  } catch {
    return undefined;
  }
}

/** Forgets the kept work once the server has it. */
export function clearBackup(workflowId: string): void {
  try {
    localStorage.removeItem(key(workflowId));
  } catch {
    // Nothing to do.
  }
}
