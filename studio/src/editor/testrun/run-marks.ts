import type { Trace, TraceStep } from '../../api/workflows.ts';
import type { Doc } from '../model/document.ts';
import { sourceHandleOf } from '../model/ports.ts';

/** How a node fared in a test run, as painted on the canvas. */
export type RunMark = 'succeeded' | 'failed' | 'skipped' | 'waiting';

/** The canvas marks of a trace: each node's last status, and the edges the run followed. */
export interface RunMarks {
  nodes: Map<string, RunMark>;
  edges: Set<string>;
}

const markOf = (step: TraceStep): RunMark => {
  switch (step.status) {
    case 'succeeded':
      return 'succeeded';
    case 'failed':
    case 'cancelled':
      return 'failed';
    case 'skipped':
      return 'skipped';
    default:
      return 'waiting';
  }
};

/**
 * Paints a trace: a node takes the status of its last step (`waiting` covers waits, gates and running
 * steps); an edge is followed when a step of its source left through its port (a parallel: every branch).
 * Pure.
 */
export function runMarks(doc: Doc, trace: Trace): RunMarks {
  const nodes = new Map<string, RunMark>();
  const left = new Map<string, Set<string>>();
  for (const step of trace.steps) {
    nodes.set(step.nodeId, markOf(step));
    if (step.status === 'succeeded' || step.status === 'failed' || step.port !== undefined) {
      const ports = left.get(step.nodeId) ?? new Set<string>();
      ports.add(step.port ?? '');
      left.set(step.nodeId, ports);
    }
  }
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const edges = new Set<string>();
  for (const edge of doc.edges) {
    const ports = left.get(edge.source);
    if (!ports) continue;
    const source = byId.get(edge.source);
    const port = sourceHandleOf(edge, source);
    const taken = source?.kind === 'parallel' || ports.has(port) || (port === 'success' && ports.has('approved'));
    if (taken && nodes.has(edge.target)) edges.add(edge.id);
  }
  return { nodes, edges };
}
