import { expressionData } from './context.ts';
import { type GraphIndex, graphOf } from './graph.ts';
import type {
  Effect,
  LoopFrame,
  NodeRecord,
  RunState,
  Step,
  StepError,
  StepStatus,
  Token,
  Workflow,
  WorkflowNode,
} from './types.ts';

/** Everything one `advance` call works on: a private copy of the state, and the effects it produces. */
export interface Machine {
  workflow: Workflow;
  graph: GraphIndex;
  state: RunState;
  effects: Effect[];
  now: string;
  /** Indexes of the steps already copied in this advance (steps are copied on first write). */
  copiedSteps: Set<number>;
  /** Expression data by loop position, for this advance. */
  dataCache: Map<string, Record<string, unknown>>;
}

/**
 * A machine over a working copy of `state`. The copy is shallow where nothing is ever changed in place
 * (the event, the policy, step inputs and outputs, token waits and loop lists, which are replaced rather than
 * changed) and fresh where the interpreter writes (tokens, loop frames, joins, the step list); a step object
 * is copied the first time it is written. The caller's state is never modified.
 */
export function createMachine(workflow: Workflow, state: RunState, now: string): Machine {
  const working: RunState = { ...state };
  const tokens: Token[] = new Array(state.tokens.length);
  for (let i = 0; i < tokens.length; i++) tokens[i] = workingToken(state.tokens[i] as Token);
  working.tokens = tokens;
  working.nodes = { ...state.nodes };
  const loops: RunState['loops'] = {};
  for (const id of Object.keys(state.loops)) {
    const frame = state.loops[id] as LoopFrame;
    loops[id] = { ...frame, loops: [...frame.loops] };
  }
  working.loops = loops;
  const joins: RunState['joins'] = {};
  for (const id of Object.keys(state.joins)) joins[id] = [...(state.joins[id] as string[])];
  working.joins = joins;
  working.steps = state.steps.slice();
  working.executions = { ...state.executions };
  return {
    workflow,
    graph: graphOf(workflow),
    state: working,
    effects: [],
    now,
    copiedSteps: new Set(),
    dataCache: new Map(),
  };
}

/**
 * A token as the interpreter handles it: every field present (absent ones `undefined`), so that tokens keep
 * one shape while they move, wait and are released.
 */
export function workingToken(t: Token): Token {
  return {
    id: t.id,
    nodeId: t.nodeId,
    fromNodeId: t.fromNodeId,
    wait: t.wait,
    stepIndex: t.stepIndex,
    loops: t.loops,
  };
}

/** A token as it is saved: plain JSON, fields without a value left out. */
function savedToken(t: Token): Token {
  const token: Token = { id: t.id, nodeId: t.nodeId, loops: t.loops };
  if (t.fromNodeId !== undefined) token.fromNodeId = t.fromNodeId;
  if (t.wait !== undefined) token.wait = t.wait;
  if (t.stepIndex !== undefined) token.stepIndex = t.stepIndex;
  return token;
}

/** The state at the end of an advance: the working copy, its tokens and written steps as they are saved. */
export function resultState(m: Machine): RunState {
  const tokens = m.state.tokens;
  const saved: Token[] = new Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) saved[i] = savedToken(tokens[i] as Token);
  m.state.tokens = saved;
  const steps = m.state.steps;
  for (const index of m.copiedSteps) {
    const step = steps[index];
    if (step) steps[index] = savedStep(step);
  }
  m.copiedSteps.clear();
  return m.state;
}

/** A new id, unique within the run and deterministic (`<prefix>-<n>`). */
export function nextId(m: Machine, prefix: string): string {
  m.state.seq += 1;
  return `${prefix}-${m.state.seq}`;
}

export function nodeOf(m: Machine, token: Token): WorkflowNode {
  const node = m.graph.nodes.get(token.nodeId);
  if (!node) throw new Error(`node ${token.nodeId} is not in the workflow`);
  return node;
}

/**
 * What expressions see at a token. Built once per advance and loop position: `nodes` is the live record of
 * the run (it reflects every node closed since), the rest does not change within an advance.
 */
export function dataFor(m: Machine, token: Token): Record<string, unknown> {
  const loopId = token.loops[token.loops.length - 1];
  const key = loopId ? `${loopId}:${m.state.loops[loopId]?.index}` : '';
  let data = m.dataCache.get(key);
  if (!data) {
    data = expressionData(m.workflow, m.state, token, m.now);
    m.dataCache.set(key, data);
  }
  return data;
}

/** Opens the trace step of the node a token stands on. */
export function openStep(m: Machine, token: Token, fields?: Partial<Step>): Step {
  const node = nodeOf(m, token);
  const step = workingStep({
    nodeId: node.id,
    kind: node.kind,
    action: node.kind === 'action' ? node.action : undefined,
    status: 'running',
    at: m.now,
  });
  if (fields) Object.assign(step, fields);
  m.state.steps.push(step);
  token.stepIndex = m.state.steps.length - 1;
  m.copiedSteps.add(token.stepIndex);
  return step;
}

/** The token's open step, ready to be written (copied first if it still belongs to the caller's state). */
export function currentStep(m: Machine, token: Token): Step | undefined {
  return token.stepIndex === undefined ? undefined : stepForWrite(m, token.stepIndex);
}

export function stepForWrite(m: Machine, index: number): Step | undefined {
  const step = m.state.steps[index];
  if (!step || m.copiedSteps.has(index)) return step;
  const copy = workingStep(step);
  if (step.validation) copy.validation = { ...step.validation };
  m.state.steps[index] = copy;
  m.copiedSteps.add(index);
  return copy;
}

/**
 * A step as the interpreter writes it: every field present (absent ones `undefined`), so that a step keeps
 * one shape from its opening to its end.
 */
function workingStep(s: Step): Step {
  return {
    nodeId: s.nodeId,
    kind: s.kind,
    action: s.action,
    status: s.status,
    port: s.port,
    autonomy: s.autonomy,
    validation: s.validation,
    at: s.at,
    endedAt: s.endedAt,
    wakeAt: s.wakeAt,
    attempt: s.attempt,
    input: s.input,
    output: s.output,
    error: s.error,
  };
}

/** A step as it is saved: plain JSON, fields without a value left out. */
function savedStep(s: Step): Step {
  const step: Step = { nodeId: s.nodeId, kind: s.kind, status: s.status, at: s.at };
  if (s.action !== undefined) step.action = s.action;
  if (s.port !== undefined) step.port = s.port;
  if (s.autonomy !== undefined) step.autonomy = s.autonomy;
  if (s.validation !== undefined) step.validation = s.validation;
  if (s.endedAt !== undefined) step.endedAt = s.endedAt;
  if (s.wakeAt !== undefined) step.wakeAt = s.wakeAt;
  if (s.attempt !== undefined) step.attempt = s.attempt;
  if (s.input !== undefined) step.input = s.input;
  if (s.output !== undefined) step.output = s.output;
  if (s.error !== undefined) step.error = s.error;
  return step;
}

/** Closes a token's step and records the node's result for later expressions. */
export function closeStep(
  m: Machine,
  token: Token,
  status: StepStatus,
  fields: Partial<Pick<Step, 'port' | 'output' | 'error' | 'validation'>> = {},
): void {
  const step = currentStep(m, token) ?? openStep(m, token);
  if (fields.port !== undefined) step.port = fields.port;
  if (fields.output !== undefined) step.output = fields.output;
  if (fields.error !== undefined) step.error = fields.error;
  if (fields.validation !== undefined) step.validation = fields.validation;
  step.status = status;
  step.endedAt = m.now;
  step.wakeAt = undefined;
  const record: NodeRecord = { status };
  if (fields.output !== undefined) record.output = fields.output;
  if (fields.validation) record.validation = fields.validation;
  if (fields.error) record.error = fields.error;
  m.state.nodes[step.nodeId] = record;
  token.stepIndex = undefined;
}

/**
 * Moves a token along the edge leaving its node by `port`; when the port is not wired, the token ends
 * (its branch is over). Returns false when it ended.
 */
export function follow(m: Machine, token: Token, port: string): boolean {
  const target = m.graph.next.get(token.nodeId)?.get(port);
  token.wait = undefined;
  if (!target) {
    removeToken(m, token);
    return false;
  }
  token.fromNodeId = token.nodeId;
  token.nodeId = target;
  return true;
}

export function removeToken(m: Machine, token: Token): void {
  m.state.tokens = m.state.tokens.filter((t) => t.id !== token.id);
}

export function newToken(m: Machine, nodeId: string, from: Token): Token {
  const token = workingToken({ id: nextId(m, 't'), nodeId, fromNodeId: from.nodeId, loops: [...from.loops] });
  m.state.tokens.push(token);
  return token;
}

/** Stops what a blocked token was waiting for (wakes, subscriptions, open validations). */
export function releaseWait(m: Machine, token: Token): void {
  const wait = token.wait;
  if (!wait) return;
  if (wait.kind === 'timer' || wait.kind === 'retry') m.effects.push({ type: 'wake.cancel', wakeId: wait.wakeId });
  if (wait.kind === 'event') {
    m.effects.push({ type: 'event.unsubscribe', subscriptionId: wait.subscriptionId });
    m.effects.push({ type: 'wake.cancel', wakeId: wait.timeoutWakeId });
  }
  if (wait.kind === 'gate') {
    if (wait.timeoutWakeId) m.effects.push({ type: 'wake.cancel', wakeId: wait.timeoutWakeId });
    m.effects.push({ type: 'validation.close', validationId: wait.validationId, status: 'EXPIRED' });
  }
  token.wait = undefined;
}

/** Ends the run: every other token is released and its open step marked cancelled. */
export function finishRun(
  m: Machine,
  status: 'succeeded' | 'failed' | 'cancelled',
  fields: { output?: Record<string, unknown>; error?: RunState['error'] } = {},
): void {
  for (const token of m.state.tokens) {
    releaseWait(m, token);
    const step = currentStep(m, token);
    if (step && (step.status === 'running' || step.status === 'waiting' || step.status === 'awaiting_validation')) {
      step.status = 'cancelled';
      step.endedAt = m.now;
    }
  }
  m.state.tokens = [];
  m.state.loops = {};
  m.state.joins = {};
  m.state.status = status;
  m.state.endedAt = m.now;
  if (fields.output) m.state.output = fields.output;
  if (fields.error) m.state.error = fields.error;
  m.effects.push({ type: 'run.finished', status, ...fields });
}

/** Fails the node a token stands on; follows its `error` port when wired, otherwise fails the run. */
export function failNode(m: Machine, token: Token, error: StepError, canUseErrorPort = true): void {
  closeStep(m, token, 'failed', { error });
  const hasErrorPort = canUseErrorPort && m.graph.next.get(token.nodeId)?.has('error');
  if (hasErrorPort) {
    follow(m, token, 'error');
    return;
  }
  finishRun(m, 'failed', { error: { nodeId: token.nodeId, ...error } });
}
