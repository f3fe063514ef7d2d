import { AUTONOMY_ORDER, type Autonomy, findAction } from '../catalog.ts';
import type { AutonomyPolicy, CheckedEdge, CheckedNode } from './model.ts';

/**
 * The autonomy an action node runs at: the highest of the catalog floor, the node's own level and the
 * firm's raise. Nothing can bring it below the floor. Pure.
 */
export function effectiveAutonomy(node: CheckedNode, policy?: AutonomyPolicy): Autonomy {
  const floor = (node.action && findAction(node.action)?.autonomy) || 'GREEN';
  let level: Autonomy = floor;
  for (const candidate of [node.autonomy, node.action ? policy?.raise?.[node.action] : undefined]) {
    if (candidate && AUTONOMY_ORDER[candidate] > AUTONOMY_ORDER[level]) level = candidate;
  }
  return level;
}

/** True when the wait node waits for a correlated event (ports `event` / `timeout`). */
export const isEventWait = (node: CheckedNode) => node.kind === 'wait' && typeof node.event === 'string';

/** Output ports a node offers; `undefined` means any number of unnamed edges (parallel). */
export function portsOf(node: CheckedNode, policy?: AutonomyPolicy): string[] | undefined {
  switch (node.kind) {
    case 'trigger':
    case 'join':
      return ['next'];
    case 'condition':
      return ['true', 'false'];
    case 'switch':
      return [...(node.cases ?? []).map((c) => c.port), 'default'];
    case 'action':
      return effectiveAutonomy(node, policy) === 'GREEN'
        ? ['success', 'error']
        : ['success', 'error', 'approved', 'rejected', 'timeout'];
    case 'wait':
      return isEventWait(node) ? ['event', 'timeout'] : ['next'];
    case 'loop':
      return ['each', 'done'];
    case 'subflow':
      return ['success', 'error'];
    case 'parallel':
      return undefined;
    default:
      return [];
  }
}

/** Ports that must be wired (to a node, possibly an `end`). */
export function requiredPorts(node: CheckedNode): string[] {
  switch (node.kind) {
    case 'condition':
      return ['true', 'false'];
    case 'switch':
      return [...(node.cases ?? []).map((c) => c.port), 'default'];
    case 'loop':
      return ['each', 'done'];
    default:
      return [];
  }
}

/** The port an edge leaves from when it names none, or undefined when the kind requires a name. */
export function defaultPort(node: CheckedNode): string | undefined {
  switch (node.kind) {
    case 'trigger':
    case 'join':
      return 'next';
    case 'wait':
      return isEventWait(node) ? 'event' : 'next';
    case 'action':
    case 'subflow':
      return 'success';
    case 'parallel':
      return '';
    default:
      return undefined;
  }
}

/** The canonical port of an edge: `approved` and `success` are one port on a gated action. */
export function edgePort(edge: CheckedEdge, source: CheckedNode): string | undefined {
  const port = edge.port ?? defaultPort(source);
  return source.kind === 'action' && port === 'approved' ? 'success' : port;
}
