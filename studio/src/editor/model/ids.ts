import type { Doc } from './document.ts';

const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** A readable base for a node id: the action name or the kind, with dashes (`create-deadline`). Pure. */
export function idBase(kind: string, action?: string): string {
  const base = (action ?? kind).replace(/_/g, '-').replace(/[^A-Za-z0-9-]/g, '');
  return NODE_ID.test(base) ? base.slice(0, 56) : 'node';
}

/** The first of `base`, `base-2`, `base-3`… not in `taken` (which it then includes). Pure apart from `taken`. */
export function freshId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** Every node and note id of a document (they share the RF namespace through prefixes, not values). */
export function nodeIds(doc: Doc): Set<string> {
  return new Set(doc.nodes.map((n) => n.id));
}

/** A fresh edge id (`e1`, `e2`…) for a document, given ids already handed out. Pure apart from `taken`. */
export function freshEdgeId(taken: Set<string>): string {
  let n = taken.size + 1;
  while (taken.has(`e${n}`)) n++;
  const id = `e${n}`;
  taken.add(id);
  return id;
}

/** A fresh sticky-note id. Pure apart from `taken`. */
export function freshNoteId(taken: Set<string>): string {
  return freshId('note', taken);
}
