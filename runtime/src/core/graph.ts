import { edgePort } from '@iapm/schemas';
import type { Workflow, WorkflowNode } from './types.ts';

/** What the interpreter needs to know about a workflow's graph, computed once per document object. */
export interface GraphIndex {
  nodes: Map<string, WorkflowNode>;
  /** node id → port → target node id (ports canonical: `approved` is `success`). */
  next: Map<string, Map<string, string>>;
  /** node id → every target of its edges, in document order (parallel fans out to all). */
  targets: Map<string, string[]>;
  /** node id → ids of the nodes it can reach (itself excluded unless on a cycle). */
  reach: Map<string, Set<string>>;
  trigger: WorkflowNode | undefined;
}

const cache = new WeakMap<Workflow, GraphIndex>();

/** Builds (or returns the cached) index of a checked workflow document. Pure. */
export function graphOf(workflow: Workflow): GraphIndex {
  const cached = cache.get(workflow);
  if (cached) return cached;
  const nodes = new Map(workflow.nodes.map((n) => [n.id, n]));
  const next = new Map<string, Map<string, string>>();
  const targets = new Map<string, string[]>();
  for (const edge of workflow.edges) {
    const source = nodes.get(edge.source);
    if (!source || !nodes.has(edge.target)) continue;
    const port = edgePort(edge, source as never) ?? '';
    const ports = next.get(edge.source) ?? new Map<string, string>();
    if (!ports.has(port)) ports.set(port, edge.target);
    next.set(edge.source, ports);
    targets.set(edge.source, [...(targets.get(edge.source) ?? []), edge.target]);
  }
  const reach = new Map<string, Set<string>>();
  for (const id of nodes.keys()) {
    const seen = new Set<string>();
    const stack = [...(targets.get(id) ?? [])];
    while (stack.length) {
      const current = stack.pop() as string;
      if (seen.has(current)) continue;
      seen.add(current);
      stack.push(...(targets.get(current) ?? []));
    }
    reach.set(id, seen);
  }
  const index: GraphIndex = { nodes, next, targets, reach, trigger: workflow.nodes.find((n) => n.kind === 'trigger') };
  cache.set(workflow, index);
  return index;
}
