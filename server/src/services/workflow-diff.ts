import { escapePointerSegment } from '@iapm/schemas';

/** A change of one value, at a JSON pointer relative to what is compared (a node, the document). */
export interface ValueChange {
  pointer: string;
  before?: unknown;
  after?: unknown;
}

interface NodeLike {
  id: string;
  kind?: string;
  label?: string;
  action?: string;
  params?: Record<string, unknown>;
  position?: unknown;
  [field: string]: unknown;
}

interface EdgeLike {
  id: string;
  source: string;
  target: string;
  port?: string;
  [field: string]: unknown;
}

interface DocumentLike {
  nodes?: NodeLike[];
  edges?: EdgeLike[];
  [field: string]: unknown;
}

const nodeSummary = (n: NodeLike) => ({
  id: n.id,
  kind: n.kind,
  ...(n.label ? { label: n.label } : {}),
  ...(n.action ? { action: n.action } : {}),
});

/** The structured difference between two workflow documents. */
export interface WorkflowDiff {
  identical: boolean;
  /** Document-level fields (name, description, procedure, tags, settings, annotations). */
  fields: ValueChange[];
  nodes: {
    added: ReturnType<typeof nodeSummary>[];
    removed: ReturnType<typeof nodeSummary>[];
    /** Nodes whose settings changed (parameters are listed under `params`, positions under `moved`). */
    changed: (ReturnType<typeof nodeSummary> & { changes: ValueChange[] })[];
    /** Nodes only moved on the canvas. */
    moved: string[];
  };
  edges: { added: EdgeLike[]; removed: EdgeLike[]; changed: { id: string; before: EdgeLike; after: EdgeLike }[] };
  /** Parameters of action nodes (and inputs of subflows), key by key, for nodes present on both sides. */
  params: {
    added: { nodeId: string; key: string; after: unknown }[];
    removed: { nodeId: string; key: string; before: unknown }[];
    changed: { nodeId: string; key: string; before: unknown; after: unknown }[];
  };
}

/** JSON equality that ignores the order of object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** Value changes between two objects, descending into objects (arrays and scalars compare whole). */
export function objectChanges(before: unknown, after: unknown, base = '', skip: string[] = []): ValueChange[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(before) || !isObject(after)) return sameJson(before, after) ? [] : [{ pointer: base, before, after }];
  const changes: ValueChange[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    if (skip.includes(key)) continue;
    const pointer = `${base}/${escapePointerSegment(key)}`;
    const [b, a] = [before[key], after[key]];
    if (b === undefined && a === undefined) continue;
    if (b === undefined) changes.push({ pointer, after: a });
    else if (a === undefined) changes.push({ pointer, before: b });
    else changes.push(...objectChanges(b, a, pointer));
  }
  return changes;
}

/** Parameters of a node, for the params section: an action's `params`, a subflow's `input`, an end's `output`. */
const PARAM_FIELD: Record<string, string> = { action: 'params', subflow: 'input', end: 'output' };

/**
 * Compares two workflow documents: nodes (by id) added, removed, changed or only moved; edges added,
 * removed or rewired (by id, then by source/target/port so that a re-created identical edge is no change);
 * parameters added, removed or changed; document-level fields. Pure; tolerant of incomplete drafts.
 */
export function diffWorkflows(before: DocumentLike, after: DocumentLike): WorkflowDiff {
  const nodesBefore = new Map((before.nodes ?? []).filter((n) => n?.id).map((n) => [n.id, n]));
  const nodesAfter = new Map((after.nodes ?? []).filter((n) => n?.id).map((n) => [n.id, n]));
  const diff: WorkflowDiff = {
    identical: false,
    fields: objectChanges(before, after, '', ['nodes', 'edges', 'id']),
    nodes: { added: [], removed: [], changed: [], moved: [] },
    edges: { added: [], removed: [], changed: [] },
    params: { added: [], removed: [], changed: [] },
  };
  for (const [id, node] of nodesAfter) if (!nodesBefore.has(id)) diff.nodes.added.push(nodeSummary(node));
  for (const [id, node] of nodesBefore) {
    const next = nodesAfter.get(id);
    if (!next) {
      diff.nodes.removed.push(nodeSummary(node));
      continue;
    }
    const paramField = node.kind === next.kind ? PARAM_FIELD[String(node.kind)] : undefined;
    const changes = objectChanges(node, next, '', ['position', ...(paramField ? [paramField] : [])]);
    if (changes.length) diff.nodes.changed.push({ ...nodeSummary(next), changes });
    else if (!sameJson(node.position, next.position)) diff.nodes.moved.push(id);
    if (paramField) {
      const b = (node[paramField] ?? {}) as Record<string, unknown>;
      const a = (next[paramField] ?? {}) as Record<string, unknown>;
      for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
        if (!(key in b)) diff.params.added.push({ nodeId: id, key, after: a[key] });
        else if (!(key in a)) diff.params.removed.push({ nodeId: id, key, before: b[key] });
        else if (!sameJson(b[key], a[key]))
          diff.params.changed.push({ nodeId: id, key, before: b[key], after: a[key] });
      }
    }
  }
  const edgesBefore = new Map((before.edges ?? []).filter((e) => e?.id).map((e) => [e.id, e]));
  const edgesAfter = new Map((after.edges ?? []).filter((e) => e?.id).map((e) => [e.id, e]));
  const signature = (e: EdgeLike) => `${e.source}|${e.target}|${e.port ?? ''}`;
  const removed: EdgeLike[] = [];
  for (const [id, edge] of edgesBefore) {
    const next = edgesAfter.get(id);
    if (!next) removed.push(edge);
    else if (!sameJson(edge, next)) diff.edges.changed.push({ id, before: edge, after: next });
  }
  const added = [...edgesAfter.values()].filter((e) => !edgesBefore.has(e.id));
  const unmatched = new Map<string, EdgeLike[]>();
  for (const e of removed) unmatched.set(signature(e), [...(unmatched.get(signature(e)) ?? []), e]);
  for (const e of added) {
    const twin = unmatched.get(signature(e))?.shift();
    if (!twin) diff.edges.added.push(e);
  }
  for (const rest of unmatched.values()) diff.edges.removed.push(...rest);
  diff.identical =
    diff.fields.length === 0 &&
    diff.nodes.added.length + diff.nodes.removed.length + diff.nodes.changed.length + diff.nodes.moved.length === 0 &&
    diff.edges.added.length + diff.edges.removed.length + diff.edges.changed.length === 0 &&
    diff.params.added.length + diff.params.removed.length + diff.params.changed.length === 0;
  return diff;
}
