import type { Doc, DocEdge, DocNode, DocNote, XY } from './document.ts';
import { freshEdgeId, freshId, freshNoteId, idBase } from './ids.ts';

/** What copy puts aside: the chosen nodes, the edges between them, and the chosen notes. */
export interface Clip {
  nodes: DocNode[];
  edges: DocEdge[];
  notes: DocNote[];
}

/** The selected part of a document, ready to paste (edges only when both ends are selected). Pure. */
export function copySelection(doc: Doc, nodeIds: Iterable<string>, noteIds: Iterable<string> = []): Clip {
  const ids = new Set(nodeIds);
  const notes = new Set(noteIds);
  return {
    nodes: doc.nodes.filter((n) => ids.has(n.id)),
    edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    notes: (doc.annotations ?? []).filter((a) => notes.has(a.id)),
  };
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rewrites `nodes.<old>` references inside every string of a value. Pure. */
export function renameReferences<T>(value: T, renames: Map<string, string>): T {
  if (renames.size === 0) return value;
  const pattern = new RegExp(`\\bnodes\\.(${[...renames.keys()].map(escapeRegex).join('|')})(?![A-Za-z0-9_-])`, 'g');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(pattern, (_m, id: string) => `nodes.${renames.get(id)}`);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * Pastes a clip with fresh ids for every node, edge and note, shifted by `offset`. References between
 * the pasted nodes (`{{nodes.<id>…}}`, `{"var": "nodes.<id>…"}`) follow the new ids. Returns the new
 * document and the ids of what was pasted (to select it). Pure.
 */
export function pasteClip(doc: Doc, clip: Clip, offset: XY): { doc: Doc; nodeIds: string[]; noteIds: string[] } {
  const takenNodes = new Set(doc.nodes.map((n) => n.id));
  const renames = new Map<string, string>();
  for (const n of clip.nodes)
    renames.set(n.id, freshId(idBase(n.kind, n.kind === 'action' ? n.action : undefined), takenNodes));
  const shift = (p: XY | undefined): XY => ({ x: (p?.x ?? 0) + offset.x, y: (p?.y ?? 0) + offset.y });
  const nodes = clip.nodes.map(
    (n) =>
      ({ ...renameReferences(n, renames), id: renames.get(n.id) as string, position: shift(n.position) }) as DocNode,
  );
  const takenEdges = new Set(doc.edges.map((e) => e.id));
  const edges = clip.edges.map((e) => ({
    ...e,
    id: freshEdgeId(takenEdges),
    source: renames.get(e.source) as string,
    target: renames.get(e.target) as string,
  }));
  const takenNotes = new Set((doc.annotations ?? []).map((a) => a.id));
  const notes = clip.notes.map((a) => ({ ...a, id: freshNoteId(takenNotes), position: shift(a.position) }));
  const next: Doc = { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] };
  if (notes.length) next.annotations = [...(doc.annotations ?? []), ...notes];
  return { doc: next, nodeIds: nodes.map((n) => n.id), noteIds: notes.map((a) => a.id) };
}
