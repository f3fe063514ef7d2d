import { evaluateCondition, evaluateLogic, resolveValue } from '../conditions/index.ts';
import {
  closeStep,
  currentStep,
  dataFor,
  failNode,
  finishRun,
  follow,
  type Machine,
  newToken,
  nextId,
  openStep,
  removeToken,
  workingToken,
} from '../machine.ts';
import type { RunInput, Token, WorkflowNode } from '../types.ts';

type NodeOf<K extends WorkflowNode['kind']> = Extract<WorkflowNode, { kind: K }>;

const errorOf = (error: unknown) => ({
  code: (error as { code?: string }).code ?? 'expression.error',
  message: (error as Error).message ?? String(error),
});

export function enterTrigger(m: Machine, token: Token): void {
  openStep(m, token, { input: { type: m.state.event.type } });
  closeStep(m, token, 'succeeded', { port: 'next', output: m.state.event.payload });
  follow(m, token, 'next');
}

export function enterCondition(m: Machine, token: Token, node: NodeOf<'condition'>): void {
  openStep(m, token);
  let result: boolean;
  try {
    result = evaluateCondition(node.logic, dataFor(m, token));
  } catch (error) {
    failNode(m, token, errorOf(error), false);
    return;
  }
  const port = result ? 'true' : 'false';
  closeStep(m, token, 'succeeded', { port, output: { result } });
  follow(m, token, port);
}

export function enterSwitch(m: Machine, token: Token, node: NodeOf<'switch'>): void {
  openStep(m, token);
  let port = 'default';
  try {
    const data = dataFor(m, token);
    for (const c of node.cases) {
      if (evaluateCondition(c.logic, data)) {
        port = c.port;
        break;
      }
    }
  } catch (error) {
    failNode(m, token, errorOf(error), false);
    return;
  }
  closeStep(m, token, 'succeeded', { port, output: { port } });
  follow(m, token, port);
}

/** Fans out: one token per outgoing edge (the arriving token takes the first). */
export function enterParallel(m: Machine, token: Token): void {
  openStep(m, token);
  const targets = m.graph.targets.get(token.nodeId) ?? [];
  closeStep(m, token, 'succeeded', { output: { branches: targets.length } });
  if (targets.length === 0) {
    removeToken(m, token);
    return;
  }
  for (const target of targets.slice(1)) newToken(m, target, token);
  token.fromNodeId = token.nodeId;
  token.nodeId = targets[0] as string;
}

/**
 * A token reaches a join. `first`: the first one goes on and later ones end. `all`: tokens wait here;
 * `settleJoins` lets them go on as one when no other live token can still reach the join.
 */
export function enterJoin(m: Machine, token: Token, node: NodeOf<'join'>): void {
  const arrived = m.state.joins[node.id] ?? [];
  if ((node.mode ?? 'all') === 'first') {
    if (arrived.length > 0) {
      removeToken(m, token);
      return;
    }
    m.state.joins[node.id] = [token.fromNodeId ?? ''];
    openStep(m, token);
    closeStep(m, token, 'succeeded', { port: 'next', output: { branches: [token.fromNodeId] } });
    follow(m, token, 'next');
    return;
  }
  m.state.joins[node.id] = [...arrived, token.fromNodeId ?? ''];
  token.wait = { kind: 'join' };
}

/** Releases `all` joins that no live token can still reach; resets `first` joins nobody can reach again. */
export function settleJoins(m: Machine): boolean {
  let moved = false;
  for (const joinId of Object.keys(m.state.joins)) {
    const waiting = m.state.tokens.filter((t) => t.nodeId === joinId && t.wait?.kind === 'join');
    const others = m.state.tokens.filter((t) => !(t.nodeId === joinId && t.wait?.kind === 'join'));
    const stillComing = others.some((t) => t.nodeId === joinId || m.graph.reach.get(t.nodeId)?.has(joinId));
    if (stillComing) continue;
    const branches = m.state.joins[joinId];
    delete m.state.joins[joinId];
    const [first, ...rest] = waiting;
    if (!first) continue;
    for (const t of rest) removeToken(m, t);
    first.wait = undefined;
    openStep(m, first);
    closeStep(m, first, 'succeeded', { port: 'next', output: { branches } });
    follow(m, first, 'next');
    moved = true;
  }
  return moved;
}

/** Enters a loop (evaluates the items) or comes back to it from the body (next item, or `done`). */
export function enterLoop(m: Machine, token: Token, node: NodeOf<'loop'>): void {
  const frame = m.state.loops[node.id];
  if (frame && token.loops.includes(node.id)) {
    frame.index += 1;
    nextIteration(m, token, node.id);
    return;
  }
  const step = openStep(m, token);
  let value: unknown;
  try {
    value = evaluateLogic(node.items, dataFor(m, token));
  } catch (error) {
    failNode(m, token, errorOf(error), false);
    return;
  }
  const all = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  const items = all.slice(0, node.maxIterations);
  step.input = { count: all.length };
  m.state.loops[node.id] = {
    items,
    index: 0,
    truncated: all.length > items.length,
    tokenId: token.id,
    loops: [...token.loops],
  };
  token.loops = [...token.loops, node.id];
  nextIteration(m, token, node.id);
}

function nextIteration(m: Machine, token: Token, loopId: string): void {
  const frame = m.state.loops[loopId];
  if (!frame) return;
  token.nodeId = loopId;
  if (frame.index < frame.items.length) {
    frame.tokenId = token.id;
    follow(m, token, 'each');
    return;
  }
  delete m.state.loops[loopId];
  token.loops = frame.loops;
  const step = [...m.state.steps].reverse().find((s) => s.nodeId === loopId && s.status === 'running');
  const output = { iterations: frame.items.length, items: frame.items, truncated: frame.truncated };
  if (step) {
    token.stepIndex = m.state.steps.lastIndexOf(step);
    closeStep(m, token, 'succeeded', { port: 'done', output });
  }
  follow(m, token, 'done');
}

/** Loops whose current iteration ended without coming back: go on with the next item. */
export function settleLoops(m: Machine): boolean {
  let moved = false;
  for (const [loopId, frame] of Object.entries(m.state.loops)) {
    if (m.state.tokens.some((t) => t.loops.includes(loopId))) continue;
    const token = workingToken({ id: nextId(m, 't'), nodeId: loopId, loops: [...frame.loops, loopId] });
    m.state.tokens.push(token);
    frame.index += 1;
    nextIteration(m, token, loopId);
    moved = true;
  }
  return moved;
}

export function enterSubflow(m: Machine, token: Token, node: NodeOf<'subflow'>): void {
  const step = openStep(m, token);
  if (m.state.depth + 1 > m.state.policy.maxSubflowDepth) {
    failNode(m, token, {
      code: 'subflow.depth',
      message: `subflows nested deeper than ${m.state.policy.maxSubflowDepth}`,
    });
    return;
  }
  let input: unknown;
  try {
    input = resolveValue(node.input ?? {}, dataFor(m, token));
  } catch (error) {
    failNode(m, token, errorOf(error));
    return;
  }
  const childKey = `${m.state.runId}:${node.id}:${nextId(m, 'child')}`;
  const wait = node.wait ?? true;
  step.input = input;
  m.effects.push({
    type: 'child.start',
    childKey,
    nodeId: node.id,
    workflowId: node.workflowId,
    version: node.version ?? 'latest',
    input,
    wait,
    depth: m.state.depth + 1,
  });
  if (!wait) {
    closeStep(m, token, 'succeeded', { port: 'success', output: { childKey, status: 'started' } });
    follow(m, token, 'success');
    return;
  }
  step.status = 'waiting';
  token.wait = { kind: 'child', childKey };
}

export function resumeSubflow(m: Machine, token: Token, input: RunInput): boolean {
  if (input.type !== 'child.finished' || token.wait?.kind !== 'child' || token.wait.childKey !== input.childKey)
    return false;
  const output = { runId: input.runId, status: input.status, output: input.output ?? {} };
  if (input.status === 'succeeded') {
    closeStep(m, token, 'succeeded', { port: 'success', output });
    follow(m, token, 'success');
  } else {
    const step = currentStep(m, token);
    if (step) step.output = output;
    failNode(m, token, { code: `subflow.${input.status}`, message: `the subflow run ended ${input.status}` });
  }
  return true;
}

export function enterEnd(m: Machine, token: Token, node: NodeOf<'end'>): void {
  openStep(m, token);
  let output: Record<string, unknown> | undefined;
  try {
    output = node.output ? (resolveValue(node.output, dataFor(m, token)) as Record<string, unknown>) : undefined;
  } catch (error) {
    failNode(m, token, errorOf(error), false);
    return;
  }
  const status = node.status ?? 'succeeded';
  closeStep(m, token, status === 'failed' ? 'failed' : 'succeeded', output ? { output } : {});
  finishRun(m, status, {
    ...(output ? { output } : {}),
    ...(status === 'failed'
      ? { error: { nodeId: node.id, code: 'end.failed', message: node.message ?? 'ended as failed' } }
      : {}),
  });
}
