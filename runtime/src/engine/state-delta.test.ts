import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advance, startRun } from '../core/advance.ts';
import { doc, POLICY, start } from '../core/test-kit.ts';
import type { Effect, RunInput, RunState, Workflow } from '../core/types.ts';
import { applyDelta, diffState } from './state-delta.ts';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const oqtf = JSON.parse(readFileSync(join(examples, 'oqtf-recours.workflow.json'), 'utf8')) as Workflow;
const oqtfEvent = JSON.parse(readFileSync(join(examples, 'oqtf-recours.event.json'), 'utf8'));

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The answers a shell would give to a transition's effects (actions succeed, timers fire, gates approved). */
function answers(effects: Effect[]): RunInput[] {
  const inputs: RunInput[] = [];
  for (const e of effects) {
    if (e.type === 'action.prepare') inputs.push({ type: 'action.prepared', nodeId: e.nodeId, params: e.params });
    if (e.type === 'action.perform')
      inputs.push({ type: 'action.succeeded', nodeId: e.nodeId, attempt: e.attempt, output: { n: e.attempt } });
    if (e.type === 'validation.open')
      inputs.push({
        type: 'decision',
        nodeId: e.nodeId,
        validationId: e.validationId,
        decision: 'APPROVED',
        decidedBy: 'u',
        decidedAt: '2026-11-05T16:00:00.000Z',
      });
    if (e.type === 'wake.schedule') inputs.push({ type: 'timer.fired', wakeId: e.wakeId });
  }
  return inputs;
}

/**
 * Runs a workflow to its end the way the engine stores it: only the first state is kept whole; every later
 * one is rebuilt from the stored (JSON) previous state and the stored (JSON) delta, and must equal the
 * state the core returned.
 */
function replayThroughDeltas(workflow: Workflow, first: { state: RunState; effects: Effect[] }) {
  let memory = first.state;
  let stored = json(first.state);
  const queue = answers(first.effects);
  let transitions = 0;
  for (let guard = 0; guard < 500 && queue.length > 0; guard++) {
    const input = queue.shift() as RunInput;
    const next = advance(workflow, memory, input, '2026-11-05T16:00:00.000Z');
    stored = applyDelta(stored, json(diffState(memory, next.state)));
    expect(stored).toEqual(json(next.state));
    memory = next.state;
    queue.push(...answers(next.effects));
    transitions += 1;
  }
  return { state: memory, stored, transitions };
}

describe('state deltas', () => {
  it('rebuild every state of the sample OQTF run from the stored previous state', () => {
    const first = startRun(
      oqtf,
      {
        runId: 'r',
        workflowId: 'w',
        version: 1,
        event: {
          id: 'e',
          type: oqtfEvent.type,
          payload: oqtfEvent.payload,
          occurredAt: '2026-11-05T15:20:00.000Z',
          causation: [],
        },
        policy: POLICY,
      },
      '2026-11-05T15:20:00.000Z',
    );
    const { state, transitions } = replayThroughDeltas(oqtf, first);
    expect(state.status).toBe('succeeded');
    expect(transitions).toBeGreaterThan(5);
  });

  it('rebuild a run with a loop, parallel branches and a join', () => {
    const workflow = doc(
      [
        { id: 'start', kind: 'trigger', event: 'email:received' },
        { id: 'each', kind: 'loop', items: { var: 'payload.attachments' }, maxIterations: 10 },
        { id: 'note', kind: 'action', action: 'create_note', params: { workspaceId: 'w', text: '{{loop.item}}' } },
        { id: 'fan', kind: 'parallel' },
        { id: 'a', kind: 'action', action: 'log_event', params: { level: 'info', message: 'a' } },
        { id: 'b', kind: 'action', action: 'log_event', params: { level: 'info', message: 'b' } },
        { id: 'meet', kind: 'join', mode: 'all' },
        { id: 'end', kind: 'end', status: 'succeeded' },
      ],
      [
        ['start', 'each'],
        ['each', 'note', 'each'],
        ['each', 'fan', 'done'],
        ['fan', 'a'],
        ['fan', 'b'],
        ['a', 'meet', 'success'],
        ['b', 'meet', 'success'],
        ['meet', 'end'],
      ],
    );
    const first = start(workflow, { attachments: ['x.pdf', 'y.pdf', 'z.pdf'] });
    const { state, stored } = replayThroughDeltas(workflow, first);
    expect(state.status).toBe('succeeded');
    expect(stored.steps.filter((s) => s.nodeId === 'note')).toHaveLength(3);
  });

  it('a delta holds only what changed: one step, not the whole history', () => {
    const first = start(
      doc(
        [
          { id: 'start', kind: 'trigger', event: 'email:received' },
          { id: 'a', kind: 'action', action: 'log_event', params: { level: 'info', message: 'a' } },
          { id: 'b', kind: 'action', action: 'log_event', params: { level: 'info', message: 'b' } },
        ],
        [
          ['start', 'a'],
          ['a', 'b', 'success'],
        ],
      ),
      { big: 'x'.repeat(10_000) },
    );
    const perform = first.effects.find((e) => e.type === 'action.perform') as Extract<
      Effect,
      { type: 'action.perform' }
    >;
    const workflow = doc(
      [
        { id: 'start', kind: 'trigger', event: 'email:received' },
        { id: 'a', kind: 'action', action: 'log_event', params: { level: 'info', message: 'a' } },
        { id: 'b', kind: 'action', action: 'log_event', params: { level: 'info', message: 'b' } },
      ],
      [
        ['start', 'a'],
        ['a', 'b', 'success'],
      ],
    );
    const next = advance(
      workflow,
      first.state,
      { type: 'action.succeeded', nodeId: 'a', attempt: perform.attempt, output: {} },
      '2026-11-05T16:00:00.000Z',
    );
    const delta = diffState(first.state, next.state);
    expect(JSON.stringify(delta).length).toBeLessThan(2_000);
    expect(Object.keys(delta.steps?.changed ?? {})).toEqual(['1', '2']);
    expect(delta.set).not.toHaveProperty('event');
  });
});
