import { type AdvanceResult, advance, startRun } from '../core/advance.ts';
import { evaluateCondition } from '../core/conditions/index.ts';
import type { Decision, Effect, RunInput, RunPolicy, RunState, Step, Workflow } from '../core/types.ts';
import { simulateOutput } from './simulate-output.ts';

/** The event a sandbox run starts from (`iapm run --event FILE`). */
export interface SandboxEvent {
  type: string;
  payload: Record<string, unknown>;
  occurredAt?: string;
}

export type ScriptedDecision = Decision | { decision: Decision; params?: unknown; comment?: string };

/** A handler used instead of the simulated output for an action (the sandbox adapters plug in here). */
/** A computed action in the sandbox: its output, or `undefined` when it cannot answer (a stand-in is used). */
export type SandboxHandler = (params: unknown, context: { now: string; nodeId: string; attempt: number }) => unknown;

export interface SandboxOptions {
  /** Simulated time of the start (default: the event's `occurredAt`, else 2026-01-05T09:00:00+01:00). */
  at?: string;
  /** Answers to gates, by node id. */
  decisions?: Record<string, ScriptedDecision>;
  /** Answer to every gate without a scripted one; without it such gates stay open. */
  defaultDecision?: 'APPROVED' | 'REJECTED';
  policy?: Partial<RunPolicy>;
  /** Handlers by action type; other actions get a simulated output shaped by their output schema. */
  handlers?: Record<string, SandboxHandler>;
  /**
   * Outputs to answer with, by node id: an action node listed here returns this value (every attempt that does
   * not fail) instead of a handler's or a simulated one — e.g. the realistic `dueAt` of a deadline, or the
   * category an AI classifier would give. The trace marks such steps `scripted`.
   */
  outputs?: Record<string, unknown>;
  /** Failures to simulate, by node id: the first N attempts fail. */
  failures?: Record<string, { times: number; code?: string; message?: string }>;
  /** Events delivered to correlated waits (at their `occurredAt`, or at once). */
  events?: SandboxEvent[];
  /** Stop simulating past this many days of virtual time (default 400). */
  horizonDays?: number;
}

/** The result of a sandbox run: every step and every effect, on the simulated clock. */
export interface Trace {
  status: 'succeeded' | 'failed' | 'cancelled' | 'waiting' | 'awaiting_validation';
  startedAt: string;
  endedAt: string;
  /** `simulated`: the output was made up from the output schema; `scripted`: it came from `outputs`. */
  steps: (Step & { simulated?: boolean; scripted?: boolean })[];
  effects: { nodeId?: string; type: string; at: string; params: unknown }[];
  output?: Record<string, unknown>;
  error?: RunState['error'];
}

export const DEFAULT_POLICY: RunPolicy = {
  raise: {},
  orangeAutoApprove: { enabled: false, minConfidence: 0.95 },
  defaultAttempts: 1,
  defaultTimeoutSeconds: 30,
  maxSubflowDepth: 3,
};

/**
 * Runs a workflow on a sample event with virtual time and nothing leaving the process: the same pure core,
 * a recording shell. Waits and retries pass instantly on the simulated clock (French calendar for working
 * days); gates are answered by the script or left open; actions are recorded and answered by the scripted
 * `outputs` of their node, by `handlers`, or by a simulated output; events reach correlated waits whose
 * correspondence and filter they pass. The document should have passed `checkWorkflow` (the caller's job).
 */
export function runSandbox(workflow: Workflow, event: SandboxEvent, options: SandboxOptions = {}): Trace {
  const startedAt = toIso(options.at ?? event.occurredAt ?? '2026-01-05T09:00:00+01:00');
  let now = startedAt;
  const horizon = Date.parse(startedAt) + (options.horizonDays ?? 400) * 86_400_000;
  const effects: Trace['effects'] = [];
  const simulated = new Set<number>();
  const scripted = new Set<number>();
  const timers = new Map<string, string>();
  /** Node id of a correlated wait → when it times out (an event after that comes too late). */
  const eventTimeouts = new Map<string, string>();
  const subscriptions = new Map<string, Extract<Effect, { type: 'event.subscribe' }>>();
  const failuresLeft = new Map(Object.entries(options.failures ?? {}).map(([k, v]) => [k, v.times]));
  const queue: RunInput[] = [];
  let serial = 0;

  const absorb = ({ state, effects: produced }: AdvanceResult): RunState => {
    for (const effect of produced) {
      const { type, ...rest } = effect;
      effects.push({ ...('nodeId' in effect ? { nodeId: effect.nodeId } : {}), type, at: now, params: rest });
      handle(effect, state);
    }
    return state;
  };

  const handle = (effect: Effect, state: RunState) => {
    switch (effect.type) {
      case 'action.prepare':
        queue.push({ type: 'action.prepared', nodeId: effect.nodeId, params: effect.params });
        break;
      case 'action.perform': {
        const left = failuresLeft.get(effect.nodeId) ?? 0;
        if (left > 0) {
          failuresLeft.set(effect.nodeId, left - 1);
          const f = options.failures?.[effect.nodeId];
          queue.push({
            type: 'action.failed',
            nodeId: effect.nodeId,
            attempt: effect.attempt,
            error: { code: f?.code ?? 'simulated', message: f?.message ?? 'simulated failure' },
          });
          break;
        }
        const stepIndex = state.steps.findLastIndex((s) => s.nodeId === effect.nodeId);
        if (options.outputs && Object.hasOwn(options.outputs, effect.nodeId)) {
          scripted.add(stepIndex);
          queue.push({
            type: 'action.succeeded',
            nodeId: effect.nodeId,
            attempt: effect.attempt,
            output: structuredClone(options.outputs[effect.nodeId]),
          });
          break;
        }
        const handler = options.handlers?.[effect.action];
        let output: unknown;
        try {
          output = handler?.(effect.params, { now, nodeId: effect.nodeId, attempt: effect.attempt });
        } catch (error) {
          queue.push({
            type: 'action.failed',
            nodeId: effect.nodeId,
            attempt: effect.attempt,
            error: { code: 'handler.error', message: (error as Error).message },
          });
          break;
        }
        // A handler that has no answer for these params (undefined) leaves the step to a stand-in output.
        if (output === undefined) {
          output = simulateOutput(effect.action, effect.params, now, ++serial);
          simulated.add(stepIndex);
        }
        queue.push({ type: 'action.succeeded', nodeId: effect.nodeId, attempt: effect.attempt, output });
        break;
      }
      case 'wake.schedule':
        timers.set(effect.wakeId, effect.at);
        if (effect.reason === 'event-timeout') eventTimeouts.set(effect.nodeId, effect.at);
        break;
      case 'wake.cancel':
        timers.delete(effect.wakeId);
        break;
      case 'validation.open': {
        const scripted = options.decisions?.[effect.nodeId] ?? options.defaultDecision;
        if (!scripted) break;
        const d = typeof scripted === 'string' ? { decision: scripted } : scripted;
        queue.push({
          type: 'decision',
          nodeId: effect.nodeId,
          validationId: effect.validationId,
          decision: d.decision,
          ...(d.decision === 'MODIFIED_APPROVED' ? { params: d.params ?? effect.preparedParams } : {}),
          decidedBy: 'sandbox',
          decidedAt: now,
          ...(d.comment ? { comment: d.comment } : {}),
        });
        break;
      }
      case 'child.start':
        if (effect.wait)
          queue.push({
            type: 'child.finished',
            childKey: effect.childKey,
            status: 'succeeded',
            runId: `sandbox-${effect.childKey}`,
            output: {},
          });
        break;
      case 'event.subscribe':
        subscriptions.set(effect.subscriptionId, effect);
        break;
      case 'event.unsubscribe':
        subscriptions.delete(effect.subscriptionId);
        break;
      default:
        break;
    }
  };

  const runId = 'sandbox-run';
  let state = absorb(
    startRun(
      workflow,
      {
        runId,
        workflowId: workflow.id ?? 'sandbox-workflow',
        version: 0,
        event: {
          id: 'sandbox-event',
          type: event.type,
          payload: event.payload,
          occurredAt: toIso(event.occurredAt ?? startedAt),
          causation: [],
        },
        policy: { ...DEFAULT_POLICY, ...options.policy },
      },
      now,
    ),
  );
  // Events in time order (a stable sort keeps the given order for equal times).
  const pending = [...(options.events ?? [])]
    .map((e) => ({ ...e, at: toIso(e.occurredAt ?? startedAt) }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (let guard = 0; guard < 100_000; guard++) {
    if (['succeeded', 'failed', 'cancelled'].includes(state.status)) break;
    // Virtual time moves forward: an event is delivered before a timer only when it comes first.
    const input = queue.shift() ?? deliverEvent(nextTimer()?.[1]) ?? fireTimer();
    if (!input) break;
    state = absorb(advance(workflow, state, input, now));
  }

  function deliverEvent(notAfter: string | undefined): RunInput | undefined {
    for (const [i, e] of pending.entries()) {
      if (notAfter !== undefined && Date.parse(e.at) > Date.parse(notAfter)) break;
      for (const sub of subscriptions.values()) {
        if (sub.eventType !== e.type || !matches(sub.match, e.payload)) continue;
        const incoming = { type: e.type, payload: e.payload, occurredAt: e.at };
        if (sub.filter !== undefined && !passes(sub.filter, { incoming })) continue;
        const timeout = eventTimeouts.get(sub.nodeId);
        if (timeout && timeout < e.at) continue;
        pending.splice(i, 1);
        if (e.at > now) now = e.at;
        return {
          type: 'event.correlated',
          subscriptionId: sub.subscriptionId,
          event: { id: `sandbox-event-${i + 1}`, type: e.type, payload: e.payload, occurredAt: e.at, causation: [] },
        };
      }
    }
    return undefined;
  }

  function nextTimer(): [string, string] | undefined {
    return [...timers.entries()].sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]))[0];
  }

  function fireTimer(): RunInput | undefined {
    const next = nextTimer();
    if (!next || Date.parse(next[1]) > horizon) return undefined;
    timers.delete(next[0]);
    if (next[1] > now) now = next[1];
    return { type: 'timer.fired', wakeId: next[0] };
  }

  return {
    status: state.status === 'running' ? 'waiting' : state.status,
    startedAt,
    endedAt: state.endedAt ?? now,
    steps: state.steps.map((s, i) =>
      simulated.has(i) ? { ...s, simulated: true } : scripted.has(i) ? { ...s, scripted: true } : s,
    ),
    effects,
    ...(state.output ? { output: state.output } : {}),
    ...(state.error ? { error: state.error } : {}),
  };
}

function matches(match: Record<string, unknown>, payload: Record<string, unknown>): boolean {
  return Object.entries(match).every(([path, expected]) => {
    let value: unknown = payload;
    for (const segment of path.split('.')) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return false;
      value = (value as Record<string, unknown>)[segment];
    }
    return value === expected;
  });
}

/**
 * Whether a workflow's trigger takes this event, as event routing decides: the trigger's event type, then its
 * filter evaluated on `{payload, event}` (a filter that cannot be evaluated takes nothing). A cron trigger takes
 * `system:scheduled`. Pure.
 */
export function triggerAccepts(workflow: Workflow, event: SandboxEvent): boolean {
  const trigger = workflow.nodes.find((n) => n.kind === 'trigger') as
    | { event?: string; cron?: unknown; filter?: unknown }
    | undefined;
  if (!trigger) return false;
  const type = trigger.event ?? (trigger.cron ? 'system:scheduled' : undefined);
  if (type !== event.type) return false;
  const occurredAt = event.occurredAt ? toIso(event.occurredAt) : undefined;
  return (
    trigger.filter === undefined ||
    passes(trigger.filter, { payload: event.payload, event: { type: event.type, payload: event.payload, occurredAt } })
  );
}

/** A wait's filter on the incoming event, as the engine evaluates it (an expression that throws lets nothing in). */
function passes(filter: unknown, data: unknown): boolean {
  try {
    return evaluateCondition(filter, data);
  } catch {
    return false;
  }
}

function toIso(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${value}`);
  return date.toISOString();
}
