import { renameReferences } from '../model/clipboard.ts';
import { type Doc, type DocEdge, type DocNode, type DocNote, sameJson } from '../model/document.ts';
import { freshEdgeId, freshId } from '../model/ids.ts';

/** Which side wins where both changed the same element. */
export type Side = 'mine' | 'theirs';

/** An element both people changed differently (`undefined` on a side: deleted there). */
export interface MergeConflict {
  key: string;
  kind: 'node' | 'edge' | 'note' | 'field';
  id: string;
  mine: unknown;
  theirs: unknown;
}

export interface MergeResult {
  doc: Doc;
  conflicts: MergeConflict[];
  /** Edges left out because a node they join no longer exists. */
  droppedEdges: DocEdge[];
}

const FIELDS = ['name', 'description', 'procedure', 'tags', 'settings'] as const;
type Keyed = { id: string };

/** Three-way choice for one element: the side that changed it, or `choice` when both did. */
function pickOne<T>(base: T | undefined, mine: T | undefined, theirs: T | undefined, choice: Side) {
  if (sameJson(mine, theirs)) return { value: mine, conflict: false };
  if (sameJson(mine, base)) return { value: theirs, conflict: false };
  if (sameJson(theirs, base)) return { value: mine, conflict: false };
  return { value: choice === 'mine' ? mine : theirs, conflict: true };
}

const withoutPosition = (n: DocNode | DocNote | undefined) => {
  if (!n) return n;
  const { position: _p, ...rest } = n as DocNode;
  return rest;
};

function mergeList<T extends Keyed>(
  kind: MergeConflict['kind'],
  base: readonly T[],
  mine: readonly T[],
  theirs: readonly T[],
  choices: ReadonlyMap<string, Side>,
  conflicts: MergeConflict[],
  movable: boolean,
): T[] {
  const b = new Map(base.map((x) => [x.id, x]));
  const m = new Map(mine.map((x) => [x.id, x]));
  const t = new Map(theirs.map((x) => [x.id, x]));
  const order = [...theirs.map((x) => x.id), ...mine.map((x) => x.id).filter((id) => !t.has(id))];
  const out: T[] = [];
  for (const id of order) {
    const key = `${kind}:${id}`;
    const [bv, mv, tv] = [b.get(id), m.get(id), t.get(id)];
    // Both moved the same node differently and changed nothing else: not worth a question, mine wins.
    if (movable && mv && tv && sameJson(withoutPosition(mv as never), withoutPosition(tv as never))) {
      out.push(mv);
      continue;
    }
    const picked = pickOne(bv, mv, tv, choices.get(key) ?? 'mine');
    if (picked.conflict) conflicts.push({ key, kind, id, mine: mv, theirs: tv });
    if (picked.value) out.push(picked.value);
  }
  return out;
}

/**
 * Gives a fresh id to the nodes and edges both sides added under the same id with different content (two
 * people adding their own « create-deadline-2 » or « e7 »): those are two additions, not a conflict. Mine
 * are renamed, with the references to them. Pure.
 */
function separateAdditions(base: Doc, mine: Doc, theirs: Doc): Doc {
  const baseNodes = new Set(base.nodes.map((n) => n.id));
  const theirNodes = new Map(theirs.nodes.map((n) => [n.id, n]));
  const takenNodes = new Set([...mine.nodes, ...theirs.nodes].map((n) => n.id));
  const renames = new Map<string, string>();
  for (const n of mine.nodes) {
    const other = theirNodes.get(n.id);
    if (!baseNodes.has(n.id) && other && !sameJson(other, n))
      renames.set(n.id, freshId(n.id.replace(/-\d+$/, ''), takenNodes));
  }
  const baseEdges = new Set(base.edges.map((e) => e.id));
  const theirEdges = new Map(theirs.edges.map((e) => [e.id, e]));
  const takenEdges = new Set([...mine.edges, ...theirs.edges].map((e) => e.id));
  const nodes = mine.nodes.map((n) =>
    renames.has(n.id) || renames.size
      ? ({ ...renameReferences(n, renames), id: renames.get(n.id) ?? n.id } as DocNode)
      : n,
  );
  const edges = mine.edges.map((e) => {
    const moved = {
      ...e,
      source: renames.get(e.source) ?? e.source,
      target: renames.get(e.target) ?? e.target,
    };
    const other = theirEdges.get(e.id);
    return !baseEdges.has(e.id) && other && !sameJson(other, moved) ? { ...moved, id: freshEdgeId(takenEdges) } : moved;
  });
  return { ...mine, nodes, edges };
}

/**
 * Merges my draft and theirs, both made from `base`, element by element (nodes, edges, notes by id, and the
 * document's name, description, procedure, tags and settings): what only one side changed is taken from it;
 * where both changed the same element differently, `choices` says which side wins (mine by default) and the
 * element is listed in `conflicts`. Pure.
 */
export function mergeDocuments(
  base: Doc,
  mineIn: Doc,
  theirs: Doc,
  choices: ReadonlyMap<string, Side> = new Map(),
): MergeResult {
  const mine = separateAdditions(base, mineIn, theirs);
  const conflicts: MergeConflict[] = [];
  const nodes = mergeList('node', base.nodes, mine.nodes, theirs.nodes, choices, conflicts, true);
  const ids = new Set(nodes.map((n) => n.id));
  const allEdges = mergeList('edge', base.edges, mine.edges, theirs.edges, choices, conflicts, false);
  const edges = allEdges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const droppedEdges = allEdges.filter((e) => !ids.has(e.source) || !ids.has(e.target));
  const notes = mergeList(
    'note',
    base.annotations ?? [],
    mine.annotations ?? [],
    theirs.annotations ?? [],
    choices,
    conflicts,
    true,
  );
  const doc: Doc = { ...theirs, nodes, edges };
  if (notes.length || mine.annotations || theirs.annotations) doc.annotations = notes;
  for (const field of FIELDS) {
    const key = `field:${field}`;
    const picked = pickOne(base[field], mine[field], theirs[field], choices.get(key) ?? 'mine');
    if (picked.conflict) conflicts.push({ key, kind: 'field', id: field, mine: mine[field], theirs: theirs[field] });
    if (picked.value === undefined) delete doc[field];
    else (doc as unknown as Record<string, unknown>)[field] = picked.value;
  }
  return { doc, conflicts, droppedEdges };
}
