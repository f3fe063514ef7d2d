import { renameReferences } from './clipboard.ts';
import type { Doc, DocEdge, DocNode, DocNote, XY } from './document.ts';
import { freshEdgeId } from './ids.ts';

/** Document edits used by the editor. Each is pure: it returns a new document and never changes its input. */

/** Adds a node (its id must be fresh). */
export function addNode(doc: Doc, node: DocNode): Doc {
  return { ...doc, nodes: [...doc.nodes, node] };
}

/** Replaces one node by what `update` returns (same id); unknown ids leave the document unchanged. */
export function updateNode(doc: Doc, id: string, update: (node: DocNode) => DocNode): Doc {
  const index = doc.nodes.findIndex((n) => n.id === id);
  if (index < 0) return doc;
  const nodes = [...doc.nodes];
  nodes[index] = update(nodes[index] as DocNode);
  return { ...doc, nodes };
}

/** Sets the positions of nodes and notes (notes by their annotation id). */
export function moveElements(doc: Doc, nodes: Record<string, XY>, notes: Record<string, XY> = {}): Doc {
  const round = (p: XY) => ({ x: Math.round(p.x), y: Math.round(p.y) });
  const next = { ...doc };
  if (Object.keys(nodes).length)
    next.nodes = doc.nodes.map((n) => (nodes[n.id] ? ({ ...n, position: round(nodes[n.id] as XY) } as DocNode) : n));
  if (Object.keys(notes).length && doc.annotations)
    next.annotations = doc.annotations.map((a) => (notes[a.id] ? { ...a, position: round(notes[a.id] as XY) } : a));
  return next;
}

/** Removes nodes (with every edge touching them), edges and notes. */
export function removeElements(
  doc: Doc,
  ids: { nodes?: Iterable<string>; edges?: Iterable<string>; notes?: Iterable<string> },
): Doc {
  const nodes = new Set(ids.nodes ?? []);
  const edges = new Set(ids.edges ?? []);
  const notes = new Set(ids.notes ?? []);
  const next: Doc = {
    ...doc,
    nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
    edges: doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
  if (doc.annotations) next.annotations = doc.annotations.filter((a) => !notes.has(a.id));
  return next;
}

/**
 * Joins `source`'s port to `target`. `port` '' (a parallel's branches) stores no port. An edge that already
 * exists (same ends, same port) is not added twice; an edge into the node itself is refused.
 */
export function connect(doc: Doc, source: string, port: string, target: string): Doc {
  if (source === target) return doc;
  const exists = doc.edges.some((e) => e.source === source && e.target === target && (e.port ?? '') === port);
  if (exists) return doc;
  const edge: DocEdge = { id: freshEdgeId(new Set(doc.edges.map((e) => e.id))), source, target };
  if (port) edge.port = port;
  return { ...doc, edges: [...doc.edges, edge] };
}

/** Moves an existing edge to other ends (React Flow's edge update). */
export function reconnect(doc: Doc, edgeId: string, source: string, port: string, target: string): Doc {
  if (source === target) return doc;
  return {
    ...doc,
    edges: doc.edges.map((e) => {
      if (e.id !== edgeId) return e;
      const { port: _old, ...rest } = e;
      return port ? { ...rest, source, target, port } : { ...rest, source, target };
    }),
  };
}

/** Adds a sticky note. */
export function addNote(doc: Doc, note: DocNote): Doc {
  return { ...doc, annotations: [...(doc.annotations ?? []), note] };
}

/** Changes a sticky note. */
export function updateNote(doc: Doc, id: string, patch: Partial<DocNote>): Doc {
  if (!doc.annotations) return doc;
  return { ...doc, annotations: doc.annotations.map((a) => (a.id === id ? { ...a, ...patch } : a)) };
}

/** Why a new node id cannot be used, or undefined when it can. Pure. */
export function nodeIdProblem(doc: Doc, id: string, current: string): 'format' | 'taken' | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(id)) return 'format';
  if (id !== current && doc.nodes.some((n) => n.id === id)) return 'taken';
  return undefined;
}

/**
 * Gives a node another id: its edges follow, and every `nodes.<id>` reference in the other nodes (templates,
 * conditions) too. Unusable ids leave the document unchanged.
 */
export function renameNode(doc: Doc, from: string, to: string): Doc {
  if (from === to || nodeIdProblem(doc, to, from)) return doc;
  const renames = new Map([[from, to]]);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const renamed = renameReferences(n, renames);
      return n.id === from ? ({ ...renamed, id: to } as DocNode) : renamed;
    }),
    edges: doc.edges.map((e) =>
      e.source === from || e.target === from
        ? { ...e, source: e.source === from ? to : e.source, target: e.target === from ? to : e.target }
        : e,
    ),
  };
}
