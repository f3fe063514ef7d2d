import { message } from '../issue-codes.ts';
import type { Issue } from '../issues.ts';
import type { AutonomyPolicy, CheckedDocument, CheckedNode } from './model.ts';
import { defaultPort, edgePort, portsOf, requiredPorts } from './ports.ts';

/** The graph as the other checks need it: nodes by id, valid edges by source, node indexes. */
export interface GraphIndex {
  nodes: Map<string, { node: CheckedNode; index: number }>;
  /** Edges whose both ends exist, grouped by source id, with their index in `doc.edges`. */
  outgoing: Map<string, { target: string; port: string | undefined; index: number }[]>;
  trigger?: CheckedNode;
  /** Nodes reachable from the trigger. */
  reachable: Set<string>;
}

const err = (
  pointer: string,
  code: Parameters<typeof message>[0],
  params: Record<string, string | number> = {},
  nodeId?: string,
): Issue => ({
  pointer,
  code,
  message: message(code, params),
  severity: 'error',
  ...(nodeId ? { nodeId } : {}),
});

/**
 * Structural checks: one trigger, unique ids, edges between existing nodes and ports, required ports wired,
 * every node reachable, every cycle through a wait or a loop. Pure; returns the issues and an index.
 */
export function checkStructure(doc: CheckedDocument, policy?: AutonomyPolicy): { issues: Issue[]; graph: GraphIndex } {
  const issues: Issue[] = [];
  const nodes = new Map<string, { node: CheckedNode; index: number }>();
  doc.nodes.forEach((node, index) => {
    if (nodes.has(node.id)) issues.push(err(`/nodes/${index}/id`, 'graph.duplicate-node-id', { id: node.id }, node.id));
    else nodes.set(node.id, { node, index });
  });

  const triggers = doc.nodes.map((n, i) => [n, i] as const).filter(([n]) => n.kind === 'trigger');
  if (triggers.length === 0) issues.push(err('/nodes', 'graph.trigger-missing'));
  for (const [node, index] of triggers.slice(1))
    issues.push(err(`/nodes/${index}`, 'graph.trigger-multiple', {}, node.id));
  const trigger = triggers[0]?.[0];

  const outgoing = new Map<string, { target: string; port: string | undefined; index: number }[]>();
  const edgeIds = new Set<string>();
  const wired = new Map<string, Map<string, number>>();
  const seenPairs = new Set<string>();
  const incoming = new Map<string, number>();
  doc.edges.forEach((edge, index) => {
    const at = `/edges/${index}`;
    if (edgeIds.has(edge.id)) issues.push(err(`${at}/id`, 'graph.duplicate-edge-id', { id: edge.id }));
    edgeIds.add(edge.id);
    const source = nodes.get(edge.source)?.node;
    const target = nodes.get(edge.target)?.node;
    if (!source) issues.push(err(`${at}/source`, 'graph.edge-missing-source', { id: edge.source }));
    if (!target) issues.push(err(`${at}/target`, 'graph.edge-missing-target', { id: edge.target }, source?.id));
    if (!source || !target) return;
    if (source.kind === 'end') {
      issues.push(err(at, 'graph.edge-from-end', {}, source.id));
      return;
    }
    if (target.kind === 'trigger') {
      issues.push(err(`${at}/target`, 'graph.trigger-incoming', {}, target.id));
      return;
    }
    const ports = portsOf(source, policy);
    const port = edgePort(edge, source);
    if (ports !== undefined) {
      const list = ports.join(', ');
      const raw = edge.port ?? defaultPort(source);
      if (raw === undefined || port === undefined) {
        issues.push(err(at, 'graph.edge-port-required', { ports: list }, source.id));
        return;
      }
      if (!ports.includes(raw)) {
        const gatePort = source.kind === 'action' && ['approved', 'rejected', 'timeout'].includes(raw);
        issues.push(
          err(
            `${at}/port`,
            gatePort ? 'gate.not-gated' : 'graph.edge-unknown-port',
            { id: source.id, port: raw, ports: list },
            source.id,
          ),
        );
        return;
      }
      const byPort = wired.get(source.id) ?? new Map<string, number>();
      if (byPort.has(port)) {
        const first = doc.edges[byPort.get(port) as number];
        const alias = port === 'success' && (first?.port ?? 'success') !== (edge.port ?? 'success');
        issues.push(
          err(at, alias ? 'graph.port-alias' : 'graph.port-multiple', { port: edge.port ?? port }, source.id),
        );
        return;
      }
      byPort.set(port, index);
      wired.set(source.id, byPort);
    } else if (edge.port !== undefined) {
      issues.push(
        err(`${at}/port`, 'graph.edge-unknown-port', { id: source.id, port: edge.port, ports: '—' }, source.id),
      );
      return;
    }
    const pair = `${edge.source}\u0000${edge.target}\u0000${port ?? ''}`;
    if (seenPairs.has(pair)) {
      issues.push(err(at, 'graph.edge-duplicate', {}, source.id));
      return;
    }
    seenPairs.add(pair);
    incoming.set(target.id, (incoming.get(target.id) ?? 0) + 1);
    const list = outgoing.get(source.id) ?? [];
    list.push({ target: target.id, port, index });
    outgoing.set(source.id, list);
  });

  doc.nodes.forEach((node, index) => {
    if (nodes.get(node.id)?.index !== index) return;
    for (const port of requiredPorts(node)) {
      if (!wired.get(node.id)?.has(port)) issues.push(err(`/nodes/${index}`, 'graph.port-unwired', { port }, node.id));
    }
    if (node.kind === 'join' && (incoming.get(node.id) ?? 0) < 2)
      issues.push(err(`/nodes/${index}`, 'graph.join-inputs', {}, node.id));
    if (node.kind === 'switch') {
      const seen = new Set<string>();
      (node.cases ?? []).forEach((c, i) => {
        if (seen.has(c.port) || c.port === 'default') {
          issues.push(err(`/nodes/${index}/cases/${i}/port`, 'graph.duplicate-case', { port: c.port }, node.id));
        }
        seen.add(c.port);
      });
    }
  });

  const reachable = new Set<string>();
  if (trigger) {
    const queue = [trigger.id];
    reachable.add(trigger.id);
    while (queue.length) {
      const id = queue.shift() as string;
      for (const e of outgoing.get(id) ?? []) {
        if (!reachable.has(e.target)) {
          reachable.add(e.target);
          queue.push(e.target);
        }
      }
    }
    doc.nodes.forEach((node, index) => {
      // A second trigger is reported as such; triggers never have incoming edges anyway.
      if (!reachable.has(node.id) && node.kind !== 'trigger' && nodes.get(node.id)?.index === index) {
        issues.push(err(`/nodes/${index}`, 'graph.unreachable', {}, node.id));
      }
    });
  }

  const graph: GraphIndex = { nodes, outgoing, reachable, ...(trigger ? { trigger } : {}) };
  issues.push(...checkCycles(graph));
  return { issues, graph };
}

/**
 * Every cycle must pass through a `wait` or a `loop` node. Finds the strongly connected components
 * (iterative Tarjan) and, for each one without such a node, reports the edge that closes the cycle: the first
 * edge back to a node still being explored by a depth-first walk from the trigger.
 */
function checkCycles(graph: GraphIndex): Issue[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  for (const start of graph.nodes.keys()) {
    if (index.has(start)) continue;
    const work: { id: string; next: number }[] = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const edges = graph.outgoing.get(frame.id) ?? [];
      if (frame.next < edges.length) {
        const target = (edges[frame.next++] as { target: string }).target;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(target) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.set(member, components);
        } while (member !== frame.id);
        components++;
      }
    }
  }
  const members = new Map<number, string[]>();
  for (const [id, c] of component) members.set(c, [...(members.get(c) ?? []), id]);
  const bounded = (c: number) =>
    (members.get(c) ?? []).some((id) => ['wait', 'loop'].includes(graph.nodes.get(id)?.node.kind ?? ''));
  const issues: Issue[] = [];
  const reported = new Set<number>();
  // The edge that closes a cycle is the one that goes back to a node still being explored, walking from the
  // trigger (then from any node not reached) and following edges in document order.
  const state = new Map<string, 'open' | 'done'>();
  const roots = [...(graph.trigger ? [graph.trigger.id] : []), ...graph.nodes.keys()];
  for (const root of roots) {
    if (state.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'open');
    while (work.length) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const edges = [...(graph.outgoing.get(frame.id) ?? [])].sort((a, b) => a.index - b.index);
      if (frame.next >= edges.length) {
        state.set(frame.id, 'done');
        work.pop();
        continue;
      }
      const edge = edges[frame.next++] as { target: string; index: number };
      const seen = state.get(edge.target);
      if (seen === undefined) {
        state.set(edge.target, 'open');
        work.push({ id: edge.target, next: 0 });
      } else if (seen === 'open') {
        const c = component.get(edge.target) as number;
        if (!reported.has(c) && !bounded(c)) {
          reported.add(c);
          issues.push(err(`/edges/${edge.index}`, 'graph.unbounded-cycle', {}, frame.id));
        }
      }
    }
  }
  return issues;
}
