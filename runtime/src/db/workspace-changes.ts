import type { Connection, Schema } from 'mongoose';

/** A case changed: an entry was added to its timeline. */
export interface WorkspaceChange {
  tenantId: string;
  workspaceId: string;
  kind: string;
  at: Date;
}

export type WorkspaceChangeListener = (change: WorkspaceChange) => void;

const listeners = new WeakMap<Connection, Set<WorkspaceChangeListener>>();

/**
 * Calls `listener` after each timeline entry written through this connection's models, whoever wrote it (an
 * action of a run, the checklist reaction to a document, a lawyer's tick in the studio). Returns the function
 * that stops it. A listener that throws does not disturb the write or the other listeners.
 */
export function onWorkspaceChange(connection: Connection, listener: WorkspaceChangeListener): () => void {
  let set = listeners.get(connection);
  if (!set) {
    set = new Set();
    listeners.set(connection, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** Tells the listeners of a model's connection about each timeline entry saved (a repeat, refused by its unique `_id`, is not saved). */
export function announceTimelineWrites(schema: Schema): void {
  schema.post('save', (doc: { db: Connection; tenantId: unknown; workspaceId: unknown; kind: string; at: Date }) => {
    const set = listeners.get(doc.db);
    if (!set?.size) return;
    const change = { tenantId: String(doc.tenantId), workspaceId: String(doc.workspaceId), kind: doc.kind, at: doc.at };
    for (const listener of set) {
      try {
        listener(change);
      } catch {
        // One listener's failure is its own.
      }
    }
  });
}
