import { useSyncExternalStore } from 'react';
import type { Doc, XY } from './document.ts';
import {
  applyChange,
  type ChangeOptions,
  type EditorState,
  initialState,
  redo,
  type Selection,
  undo,
} from './history.ts';
import { moveElements } from './ops.ts';

/** The editor's store: one document with its history and selection, observed by the components. */
export interface EditorStore {
  getState(): EditorState;
  subscribe(listener: () => void): () => void;
  /** Applies a document edit (one undo step, or merged with the previous one under the same `coalesce` key). */
  change(edit: (doc: Doc) => Doc, options?: ChangeOptions): void;
  undo(): void;
  redo(): void;
  select(selection: Selection): void;
  /** Positions during a drag (not in the history until `endDrag`). */
  dragTo(nodes: Record<string, XY>, notes: Record<string, XY>): void;
  /** Writes the dragged positions to the document as one undo step. */
  endDrag(): void;
}

/**
 * Creates a store for a document. `now` is the clock used to merge quick successive edits.
 * @example const store = createEditorStore(doc); store.change((d) => addNode(d, node));
 */
export function createEditorStore(doc: Doc, now: () => number = Date.now): EditorStore {
  let state = initialState(doc);
  const listeners = new Set<() => void>();
  const set = (next: EditorState) => {
    if (next === state) return;
    state = next;
    for (const l of listeners) l();
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    change(edit, options = {}) {
      set(applyChange(state, edit(state.doc), options, now()));
    },
    undo: () => set(undo(state)),
    redo: () => set(redo(state)),
    select: (selection) => set({ ...state, selection }),
    dragTo(nodes, notes) {
      const drag = state.drag ?? { nodes: {}, notes: {} };
      set({ ...state, drag: { nodes: { ...drag.nodes, ...nodes }, notes: { ...drag.notes, ...notes } } });
    },
    endDrag() {
      const drag = state.drag;
      if (!drag) return;
      const moved = applyChange({ ...state, drag: null }, moveElements(state.doc, drag.nodes, drag.notes), {}, now());
      set(moved);
    },
  };
}

/** A slice of the editor's state; the component re-renders when that slice changes (by identity). */
export function useEditor<T>(store: EditorStore, selector: (state: EditorState) => T): T {
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
