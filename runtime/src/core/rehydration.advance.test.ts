import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AdvanceResult } from './advance.ts';
import { advance, startRun } from './advance.ts';
import { POLICY } from './test-kit.ts';
import type { Effect, RunInput, RunState, Workflow } from './types.ts';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const workflow = JSON.parse(readFileSync(join(examples, 'oqtf-recours.workflow.json'), 'utf8')) as Workflow;
const event = JSON.parse(readFileSync(join(examples, 'oqtf-recours.event.json'), 'utf8'));

/**
 * Drives a run to its end like a shell would (actions succeed, timers fire at their time, the gate is
 * approved). `roundTrip` serializes the state to JSON text and reads it back between every advance, as the
 * durable engine does when it saves and reloads a run.
 */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function drive(roundTrip: boolean, freeze = false): { state: RunState; effects: Effect[]; states: RunState[] } {
  const now = '2026-11-05T15:20:00.000Z';
  let result: AdvanceResult = startRun(
    workflow,
    {
      runId: 'r',
      workflowId: 'w',
      version: 1,
      event: { id: 'e', type: event.type, payload: event.payload, occurredAt: now, causation: [] },
      policy: POLICY,
    },
    now,
  );
  const all: Effect[] = [...result.effects];
  const states: RunState[] = [result.state];
  let clock = now;
  for (let i = 0; i < 50 && !['succeeded', 'failed', 'cancelled'].includes(result.state.status); i++) {
    const inputs: RunInput[] = [];
    for (const e of result.effects) {
      if (e.type === 'action.prepare') inputs.push({ type: 'action.prepared', nodeId: e.nodeId, params: e.params });
      if (e.type === 'action.perform')
        inputs.push({
          type: 'action.succeeded',
          nodeId: e.nodeId,
          attempt: e.attempt,
          output: { dueAt: '2026-12-07T22:59:00.000Z', documentId: 'd', notificationIds: [] },
        });
      if (e.type === 'validation.open')
        inputs.push({
          type: 'decision',
          nodeId: e.nodeId,
          validationId: e.validationId,
          decision: 'APPROVED',
          decidedBy: 'u',
          decidedAt: clock,
        });
      if (e.type === 'wake.schedule') {
        clock = e.at;
        inputs.push({ type: 'timer.fired', wakeId: e.wakeId });
      }
    }
    let state = result.state;
    const effects: Effect[] = [];
    for (const input of inputs) {
      const loaded = roundTrip ? (JSON.parse(JSON.stringify(state)) as RunState) : freeze ? deepFreeze(state) : state;
      const next = advance(workflow, loaded, input, clock);
      state = next.state;
      states.push(state);
      effects.push(...next.effects);
    }
    result = { state, effects };
    all.push(...effects);
  }
  return { state: result.state, effects: all, states };
}

describe('rehydration', () => {
  it('a run saved and reloaded as JSON between every input ends exactly like one kept in memory', () => {
    const inMemory = drive(false);
    const reloaded = drive(true);
    expect(inMemory.state.status).toBe('succeeded');
    expect(reloaded.state).toEqual(inMemory.state);
    expect(reloaded.effects).toEqual(inMemory.effects);
    expect(inMemory.state.steps.map((s) => `${s.nodeId}:${s.port}`)).toEqual([
      'courrier:next',
      'est-oqtf:true',
      'delai:success',
      'attente-pieces:next',
      'projet-recours:approved',
      'prevenir:success',
    ]);
  });

  it('advance never modifies the state it is given (frozen inputs, same result)', () => {
    const frozen = drive(false, true);
    expect(frozen.state).toEqual(drive(false).state);
  });

  it('every state is plain JSON (no Date, Map, undefined or functions)', () => {
    const { states } = drive(false);
    expect(states.length).toBeGreaterThan(5);
    expect(states.some((s) => s.tokens.some((t) => t.wait !== undefined))).toBe(true);
    for (const state of states) expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
  });
});
