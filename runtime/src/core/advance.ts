import { createMachine, finishRun, type Machine, nextId, nodeOf, resultState, workingToken } from './machine.ts';
import { enterAction, resumeAction } from './nodes/action-node.ts';
import {
  enterCondition,
  enterEnd,
  enterJoin,
  enterLoop,
  enterParallel,
  enterSubflow,
  enterSwitch,
  enterTrigger,
  resumeSubflow,
  settleJoins,
  settleLoops,
} from './nodes/flow-nodes.ts';
import { enterWait, resumeWait } from './nodes/wait-node.ts';
import type { Effect, RunEvent, RunInput, RunPolicy, RunState, RunStatus, Token, Workflow } from './types.ts';

/** The new state and the effects to execute. */
export interface AdvanceResult {
  state: RunState;
  effects: Effect[];
}

/** At most this many node entries per `advance` (a guard; cycles always pass through a wait or a loop). */
export const MAX_STEPS_PER_ADVANCE = 20_000;

export interface StartOptions {
  runId: string;
  workflowId: string;
  version: number;
  event: RunEvent;
  policy: RunPolicy;
  depth?: number;
}

/**
 * Starts a run of a checked, published workflow on an event: the trigger step, then every node that can run
 * without waiting. This is a pure function: it returns effects and executes none of them.
 */
export function startRun(workflow: Workflow, options: StartOptions, now: string): AdvanceResult {
  const trigger = workflow.nodes.find((n) => n.kind === 'trigger');
  if (!trigger) throw new Error('workflow has no trigger');
  const state: RunState = {
    stateVersion: 1,
    runId: options.runId,
    workflowId: options.workflowId,
    version: options.version,
    status: 'running',
    startedAt: now,
    event: options.event,
    policy: options.policy,
    depth: options.depth ?? 0,
    tokens: [{ id: 't-0', nodeId: trigger.id, loops: [] }],
    nodes: {},
    loops: {},
    joins: {},
    steps: [],
    executions: {},
    seq: 0,
  };
  const m = createMachine(workflow, state, now);
  drain(m);
  return { state: resultState(m), effects: m.effects };
}

/**
 * Moves a run forward by one input: an action's result, a timer, a person's decision, a child run's end,
 * a correlated event, a cancellation or a retry. Pure: the given state is not modified; `now` is the only
 * notion of time. An input that matches nothing waiting (a late or repeated delivery) changes nothing.
 * @example const { state, effects } = advance(doc, state, { type: 'timer.fired', wakeId: 'wake-3' }, now);
 */
export function advance(workflow: Workflow, runState: RunState, input: RunInput, now: string): AdvanceResult {
  const m = createMachine(workflow, runState, now);
  if (isFinished(m.state.status) && input.type !== 'run.retry') return { state: resultState(m), effects: [] };
  applyInput(m, input);
  if (!isFinished(m.state.status)) drain(m);
  return { state: resultState(m), effects: m.effects };
}

const isFinished = (status: RunStatus) => status === 'succeeded' || status === 'failed' || status === 'cancelled';

function applyInput(m: Machine, input: RunInput): void {
  switch (input.type) {
    case 'run.resume':
      return;
    case 'run.cancel':
      finishRun(m, 'cancelled', { error: { code: 'run.cancelled', message: input.reason ?? 'cancelled' } });
      return;
    case 'run.retry':
      retryFailed(m);
      return;
  }
  for (const token of [...m.state.tokens]) {
    if (!token.wait) continue;
    const node = nodeOf(m, token);
    const used =
      node.kind === 'action'
        ? resumeAction(m, token, node, input)
        : node.kind === 'wait'
          ? resumeWait(m, token, input)
          : node.kind === 'subflow'
            ? resumeSubflow(m, token, input)
            : false;
    if (used) return;
  }
}

/** Puts a failed run back on its failed step (earlier outputs kept). */
function retryFailed(m: Machine): void {
  if (m.state.status !== 'failed') return;
  const failed = [...m.state.steps].reverse().find((s) => s.status === 'failed');
  if (!failed) return;
  delete m.state.error;
  delete m.state.endedAt;
  m.state.status = 'running';
  m.state.tokens = [workingToken({ id: nextId(m, 't'), nodeId: failed.nodeId, loops: [] })];
}

/** Runs every token that is not waiting, until all wait or the run ends; then settles joins and loops. */
function drain(m: Machine): void {
  let budget = MAX_STEPS_PER_ADVANCE;
  for (;;) {
    if (isFinished(m.state.status)) return;
    const token = m.state.tokens.find((t) => !t.wait);
    if (!token) {
      if (settleJoins(m) || settleLoops(m)) continue;
      break;
    }
    if (--budget < 0) {
      finishRun(m, 'failed', {
        error: {
          nodeId: token.nodeId,
          code: 'run.step-limit',
          message: `more than ${MAX_STEPS_PER_ADVANCE} steps in one go`,
        },
      });
      return;
    }
    enter(m, token);
  }
  if (m.state.tokens.length === 0) {
    finishRun(m, 'succeeded');
    return;
  }
  m.state.status = statusOf(m.state.tokens);
}

function enter(m: Machine, token: Token): void {
  const node = nodeOf(m, token);
  switch (node.kind) {
    case 'trigger':
      enterTrigger(m, token);
      return;
    case 'condition':
      enterCondition(m, token, node);
      return;
    case 'switch':
      enterSwitch(m, token, node);
      return;
    case 'action':
      enterAction(m, token, node);
      return;
    case 'wait':
      enterWait(m, token, node);
      return;
    case 'parallel':
      enterParallel(m, token);
      return;
    case 'join':
      enterJoin(m, token, node);
      return;
    case 'loop':
      enterLoop(m, token, node);
      return;
    case 'subflow':
      enterSubflow(m, token, node);
      return;
    case 'end':
      enterEnd(m, token, node);
      return;
  }
}

/** `running` while an action or preparation is in flight, else `awaiting_validation` at a gate, else `waiting`. */
function statusOf(tokens: Token[]): RunStatus {
  let gate = false;
  for (const token of tokens) {
    const kind = token.wait?.kind;
    if (kind === 'action' || kind === 'prepare') return 'running';
    if (kind === 'gate') gate = true;
  }
  return gate ? 'awaiting_validation' : 'waiting';
}
