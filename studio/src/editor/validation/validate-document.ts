import { type AutonomyPolicy, checkWorkflow, type Issue } from '@iapm/schemas';
import type { Doc } from '../model/document.ts';
import { studioIssues } from './studio-checks.ts';

/** The issues of a document, indexed for the canvas and the problems panel. */
export interface IssueIndex {
  all: readonly Issue[];
  byNode: ReadonlyMap<string, readonly Issue[]>;
  /** Edges with an issue, by id. */
  edges: ReadonlySet<string>;
  /** The issue's edge id, for problems about edges. */
  edgeOf: ReadonlyMap<Issue, string>;
  errors: number;
  warnings: number;
}

/**
 * Checks a document as the server does before publishing (`checkWorkflow` with the firm's autonomy
 * policy), plus the studio's own checks of half-built conditions. Pure.
 */
export function validateDocument(doc: Doc, policy?: AutonomyPolicy): Issue[] {
  const checked = checkWorkflow(doc, policy ? { policy } : {}).issues;
  return [...checked, ...studioIssues(doc)];
}

const keyOf = (issues: readonly Issue[]) => issues.map((i) => `${i.pointer}|${i.code}|${i.message.fr}`).join('\n');

/**
 * Indexes issues by node and edge. Lists equal to those of `previous` are reused, so that nodes whose
 * issues did not change keep their canvas objects. Pure.
 */
export function indexIssues(doc: Doc, issues: readonly Issue[], previous?: IssueIndex): IssueIndex {
  const lists = new Map<string, Issue[]>();
  const edges = new Set<string>();
  const edgeOf = new Map<Issue, string>();
  for (const issue of issues) {
    const edge = /^\/edges\/(\d+)(\/|$)/.exec(issue.pointer);
    const edgeId = edge ? doc.edges[Number(edge[1])]?.id : undefined;
    if (edgeId) {
      edges.add(edgeId);
      edgeOf.set(issue, edgeId);
    }
    const node = issue.nodeId ?? nodeAt(doc, issue.pointer);
    if (node) lists.set(node, [...(lists.get(node) ?? []), issue]);
  }
  const byNode = new Map<string, readonly Issue[]>();
  for (const [id, list] of lists) {
    const before = previous?.byNode.get(id);
    byNode.set(id, before && keyOf(before) === keyOf(list) ? before : list);
  }
  const errors = issues.filter((i) => i.severity === 'error').length;
  return { all: issues, byNode, edges, edgeOf, errors, warnings: issues.length - errors };
}

function nodeAt(doc: Doc, pointer: string): string | undefined {
  const m = /^\/nodes\/(\d+)(\/|$)/.exec(pointer);
  return m ? doc.nodes[Number(m[1])]?.id : undefined;
}
