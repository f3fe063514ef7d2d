import type { Annotation, AnyNode, Edge, WorkflowDocument } from '@iapm/schemas';

/** The document the editor works on: a workflow draft (it may be incomplete; the checker says what is missing). */
export type Doc = WorkflowDocument;
export type DocNode = AnyNode;
export type DocEdge = Edge;
export type DocNote = Annotation;
export type NodeKind = AnyNode['kind'];
export interface XY {
  x: number;
  y: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A draft as stored by the server, made safe to edit: the arrays exist, entries that are not objects are
 * dropped, and the format version is set. Anything else is kept as it is (the checker reports it). Pure.
 */
export function normalizeDraft(raw: unknown, fallbackName: string): Doc {
  const doc = isObject(raw) ? { ...raw } : {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isObject) : []);
  const out = {
    ...doc,
    schemaVersion: doc.schemaVersion ?? 1,
    name: typeof doc.name === 'string' && doc.name ? doc.name : fallbackName,
    nodes: list(doc.nodes),
    edges: list(doc.edges),
  } as unknown as Doc;
  if (doc.annotations !== undefined) out.annotations = list(doc.annotations) as unknown as DocNote[];
  delete (out as { id?: unknown }).id;
  return out;
}

/** JSON equality that ignores the order of object keys and `undefined` members. Pure. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson(ra[k], rb[k]));
}

/** Removes `undefined` members of an object (and of the objects inside it). Pure. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out as T;
}
