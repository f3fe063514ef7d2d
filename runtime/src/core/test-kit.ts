import type { AdvanceResult } from './advance.ts';
import { advance, startRun } from './advance.ts';
import type { Effect, RunInput, RunPolicy, RunState, Workflow } from './types.ts';

/** Helpers for the core's tests: build small documents, start runs, feed inputs. Not used in production. */
export const POLICY: RunPolicy = {
  raise: {},
  orangeAutoApprove: { enabled: false, minConfidence: 0.95 },
  defaultAttempts: 1,
  defaultTimeoutSeconds: 30,
  maxSubflowDepth: 3,
};

export const T0 = '2026-11-05T15:20:00.000Z';

type NodeSpec = Record<string, unknown> & { id: string; kind: string };
type EdgeSpec = [source: string, target: string, port?: string];

/** A workflow document from nodes and `[source, target, port?]` edges. */
export function doc(nodes: NodeSpec[], edges: EdgeSpec[], extra: Record<string, unknown> = {}): Workflow {
  return {
    schemaVersion: 1,
    id: 'wf-test',
    name: 'Test',
    nodes,
    edges: edges.map(([source, target, port], i) => ({ id: `e${i + 1}`, source, target, ...(port ? { port } : {}) })),
    ...extra,
  } as Workflow;
}

export function start(
  workflow: Workflow,
  payload: Record<string, unknown> = {},
  policy: Partial<RunPolicy> = {},
  type = 'email:received',
): AdvanceResult {
  return startRun(
    workflow,
    {
      runId: 'run-1',
      workflowId: 'wf-test',
      version: 1,
      event: { id: 'evt-1', type, payload, occurredAt: T0, causation: [] },
      policy: { ...POLICY, ...policy },
    },
    T0,
  );
}

/** Feeds inputs one after the other (each at `now`, or at its own time) and collects every effect. */
export function feed(
  workflow: Workflow,
  from: AdvanceResult,
  inputs: (RunInput | [RunInput, string])[],
): AdvanceResult & { all: Effect[] } {
  let state: RunState = from.state;
  const all = [...from.effects];
  let last = from;
  for (const item of inputs) {
    const [input, at] = Array.isArray(item) ? item : [item, T0];
    last = advance(workflow, state, input, at);
    state = last.state;
    all.push(...last.effects);
  }
  return { ...last, all };
}

export const ofType = <T extends Effect['type']>(effects: Effect[], type: T) =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

export const ports = (state: RunState) => state.steps.map((s) => `${s.nodeId}:${s.port ?? s.status}`);
