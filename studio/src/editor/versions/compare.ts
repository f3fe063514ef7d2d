import type { DiffMark } from '../flow/to-flow.ts';
import { type Doc, sameJson } from '../model/document.ts';

/** A document to show a comparison on the canvas, with a mark per node and edge that differs. */
export interface Comparison {
  doc: Doc;
  marks: Map<string, DiffMark>;
  counts: Record<DiffMark, number>;
}

const withoutPosition = (value: object) => {
  const { position: _p, ...rest } = value as { position?: unknown };
  return rest;
};

/**
 * Compares an older document with a newer one for the canvas: the newer document's nodes and edges, plus
 * the older ones that were removed (drawn where they were). Nodes are added, removed, changed (settings)
 * or moved (only their place); edges added, removed or changed (other ends or port). Pure.
 */
export function compareDocuments(before: Doc, after: Doc): Comparison {
  const marks = new Map<string, DiffMark>();
  const counts: Record<DiffMark, number> = { added: 0, removed: 0, changed: 0, moved: 0 };
  const mark = (id: string, m: DiffMark, count = true) => {
    marks.set(id, m);
    if (count) counts[m] += 1;
  };
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const newNodes = new Set(after.nodes.map((n) => n.id));
  for (const node of after.nodes) {
    const old = oldNodes.get(node.id);
    if (!old) mark(node.id, 'added');
    else if (!sameJson(withoutPosition(old), withoutPosition(node))) mark(node.id, 'changed');
    else if (!sameJson(old.position, node.position)) mark(node.id, 'moved');
  }
  const removedNodes = before.nodes.filter((n) => !newNodes.has(n.id));
  for (const n of removedNodes) mark(n.id, 'removed');
  const oldEdges = new Map(before.edges.map((e) => [e.id, e]));
  const newEdges = new Set(after.edges.map((e) => e.id));
  for (const edge of after.edges) {
    const old = oldEdges.get(edge.id);
    if (!old) mark(edge.id, 'added', false);
    else if (!sameJson(old, edge)) mark(edge.id, 'changed', false);
  }
  const removedEdges = before.edges.filter((e) => !newEdges.has(e.id));
  for (const e of removedEdges) mark(e.id, 'removed', false);
  return {
    doc: { ...after, nodes: [...after.nodes, ...removedNodes], edges: [...after.edges, ...removedEdges] },
    marks,
    counts,
  };
}
