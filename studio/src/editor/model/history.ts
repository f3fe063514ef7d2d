import type { Doc, XY } from './document.ts';

/** What is selected on the canvas: nodes and edges by id, sticky notes by annotation id. */
export interface Selection {
  nodes: string[];
  edges: string[];
  notes: string[];
}

export const EMPTY_SELECTION: Selection = { nodes: [], edges: [], notes: [] };

/** The editor's state: the document, its undo/redo stacks, the selection and positions of a drag under way. */
export interface EditorState {
  doc: Doc;
  past: Doc[];
  future: Doc[];
  selection: Selection;
  /** Positions while nodes are dragged; written to the document (one undo step) when the drag ends. */
  drag: { nodes: Record<string, XY>; notes: Record<string, XY> } | null;
  /** The last change that may absorb the next one (typing in a field is one undo step). */
  coalesce: { key: string; at: number } | null;
}

export interface ChangeOptions {
  /** Changes with the same key within COALESCE_MS of each other are undone together. */
  coalesce?: string;
  /** The selection after the change. */
  select?: Selection;
}

export const HISTORY_LIMIT = 200;
export const COALESCE_MS = 1500;

/** The initial state of a document. Pure. */
export function initialState(doc: Doc): EditorState {
  return { doc, past: [], future: [], selection: EMPTY_SELECTION, drag: null, coalesce: null };
}

/** Keeps only selected ids that still exist in the document. Pure. */
export function pruneSelection(doc: Doc, selection: Selection): Selection {
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const edges = new Set(doc.edges.map((e) => e.id));
  const notes = new Set((doc.annotations ?? []).map((a) => a.id));
  const keep = (ids: string[], set: Set<string>) => {
    const kept = ids.filter((id) => set.has(id));
    return kept.length === ids.length ? ids : kept;
  };
  const next = {
    nodes: keep(selection.nodes, nodes),
    edges: keep(selection.edges, edges),
    notes: keep(selection.notes, notes),
  };
  return next.nodes === selection.nodes && next.edges === selection.edges && next.notes === selection.notes
    ? selection
    : next;
}

/**
 * The state after a change of the document: the previous document goes on the undo stack (unless the
 * change is coalesced with the one before it), the redo stack is emptied. A change that returns the same
 * document object is no change. Pure.
 */
export function applyChange(state: EditorState, next: Doc, options: ChangeOptions, now: number): EditorState {
  if (next === state.doc) return options.select ? { ...state, selection: options.select } : state;
  const absorb =
    options.coalesce !== undefined &&
    state.coalesce?.key === options.coalesce &&
    now - state.coalesce.at < COALESCE_MS &&
    state.past.length > 0;
  const past = absorb ? state.past : [...state.past, state.doc].slice(-HISTORY_LIMIT);
  return {
    ...state,
    doc: next,
    past,
    future: [],
    selection: pruneSelection(next, options.select ?? state.selection),
    coalesce: options.coalesce !== undefined ? { key: options.coalesce, at: now } : null,
  };
}

/** The state with the last change undone (unchanged when there is nothing to undo). Pure. */
export function undo(state: EditorState): EditorState {
  const previous = state.past.at(-1);
  if (!previous) return state;
  return {
    ...state,
    doc: previous,
    past: state.past.slice(0, -1),
    future: [state.doc, ...state.future],
    selection: pruneSelection(previous, state.selection),
    drag: null,
    coalesce: null,
  };
}

/** The state with the last undone change done again. Pure. */
export function redo(state: EditorState): EditorState {
  const [next, ...rest] = state.future;
  if (!next) return state;
  return {
    ...state,
    doc: next,
    past: [...state.past, state.doc].slice(-HISTORY_LIMIT),
    future: rest,
    selection: pruneSelection(next, state.selection),
    drag: null,
    coalesce: null,
  };
}
