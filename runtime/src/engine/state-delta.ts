import type { NodeRecord, RunState, Step } from '../core/types.ts';

/**
 * What one transition changed in a run state. The pure core copies on write (a step or node record that did
 * not change is the same object in the old and the new state), so the difference is found by reference and
 * stays small however long the run gets: the changed top-level fields, the changed or new steps, the changed
 * node records. The event and the policy never change after the start and are never in a delta.
 */
export interface StateDelta {
  /** Top-level fields replaced as a whole (tokens, loops, joins, executions, counters, status, output…). */
  set: Partial<RunState>;
  /** Top-level optional fields that disappeared. */
  unset?: string[];
  /** Changed or new steps by index (an object: FerretDB v1 stores no arrays of arrays). */
  steps?: { length: number; changed: Record<string, Step> };
  nodes?: { changed: Record<string, NodeRecord>; removed?: string[] };
}

const SHARED = new Set(['steps', 'nodes', 'event', 'policy']);

export function diffState(before: RunState, after: RunState): StateDelta {
  const delta: StateDelta = { set: {} };
  const set = delta.set as Record<string, unknown>;
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    if (SHARED.has(key)) continue;
    if (a[key] !== b[key]) set[key] = a[key];
  }
  const unset = Object.keys(b).filter((key) => !(key in a));
  if (unset.length > 0) delta.unset = unset;
  if (before.event !== after.event || before.policy !== after.policy) {
    // Never expected from the core; kept correct rather than silently lost.
    set.event = after.event;
    set.policy = after.policy;
  }
  if (before.steps !== after.steps) {
    const changed: Record<string, Step> = {};
    let count = 0;
    for (let i = 0; i < after.steps.length; i++) {
      if (before.steps[i] !== after.steps[i]) {
        changed[i] = after.steps[i] as Step;
        count += 1;
      }
    }
    if (count > 0 || before.steps.length !== after.steps.length) {
      delta.steps = { length: after.steps.length, changed };
    }
  }
  if (before.nodes !== after.nodes) {
    const changed: Record<string, NodeRecord> = {};
    for (const [id, record] of Object.entries(after.nodes)) if (before.nodes[id] !== record) changed[id] = record;
    const removed = Object.keys(before.nodes).filter((id) => !(id in after.nodes));
    if (Object.keys(changed).length > 0 || removed.length > 0) {
      delta.nodes = { changed, ...(removed.length > 0 ? { removed } : {}) };
    }
  }
  return delta;
}

/** The state `diffState(before, after)` was computed from, rebuilt from `before` (which is not modified). */
export function applyDelta(before: RunState, delta: StateDelta): RunState {
  const next = { ...before, ...delta.set } as RunState;
  for (const key of delta.unset ?? []) delete (next as unknown as Record<string, unknown>)[key];
  if (delta.steps) {
    const steps = before.steps.slice(0, delta.steps.length);
    for (const [index, step] of Object.entries(delta.steps.changed)) steps[Number(index)] = step;
    next.steps = steps;
  }
  if (delta.nodes) {
    const nodes = { ...before.nodes, ...delta.nodes.changed };
    for (const id of delta.nodes.removed ?? []) delete nodes[id];
    next.nodes = nodes;
  }
  return next;
}
