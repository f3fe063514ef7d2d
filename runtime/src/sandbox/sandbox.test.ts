import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workflow } from '../core/types.ts';
import { runSandbox } from './sandbox.ts';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const workflow = JSON.parse(readFileSync(join(examples, 'oqtf-recours.workflow.json'), 'utf8')) as Workflow;
const event = JSON.parse(readFileSync(join(examples, 'oqtf-recours.event.json'), 'utf8'));

describe('sandbox', () => {
  it('stops at the RED gate without a decision, after the two working days on the simulated clock', () => {
    const trace = runSandbox(workflow, event);
    expect(trace.status).toBe('awaiting_validation');
    expect(trace.startedAt).toBe('2026-11-05T15:20:00.000Z');
    const wait = trace.steps.find((s) => s.nodeId === 'attente-pieces');
    expect(wait).toMatchObject({
      status: 'succeeded',
      at: '2026-11-05T15:20:00.000Z',
      endedAt: '2026-11-09T15:20:00.000Z',
    });
    expect(trace.steps.at(-1)).toMatchObject({
      nodeId: 'projet-recours',
      status: 'awaiting_validation',
      autonomy: 'RED',
      validation: { status: 'PENDING' },
    });
    expect(trace.effects.filter((e) => e.type === 'action.perform').map((e) => e.nodeId)).toEqual(['delai']);
  });

  it('succeeds with a scripted decision, and marks simulated outputs', () => {
    const trace = runSandbox(workflow, event, { decisions: { 'projet-recours': 'APPROVED' } });
    expect(trace.status).toBe('succeeded');
    expect(trace.steps.map((s) => s.nodeId)).toEqual([
      'courrier',
      'est-oqtf',
      'delai',
      'attente-pieces',
      'projet-recours',
      'prevenir',
    ]);
    expect(trace.steps.find((s) => s.nodeId === 'delai')?.simulated).toBe(true);
    expect(trace.endedAt).toBe('2026-11-09T15:20:00.000Z');
  });

  it('passes over a weekend and a public holiday (Armistice, Wednesday 11 November 2026)', () => {
    // Tuesday 10 + 2 working days: Wednesday 11 is skipped, Thursday 12 is the first, Friday 13 the second.
    const trace = runSandbox(
      workflow,
      { ...event, occurredAt: '2026-11-10T10:00:00+01:00' },
      { defaultDecision: 'REJECTED' },
    );
    expect(trace.steps.find((s) => s.nodeId === 'attente-pieces')?.endedAt).toBe('2026-11-13T09:00:00.000Z');
    expect(trace.status).toBe('succeeded');
    expect(trace.output).toEqual({ decision: 'refusé' });
    const friday = runSandbox(workflow, { ...event, occurredAt: '2026-11-13T18:00:00+01:00' }, {});
    expect(friday.steps.find((s) => s.nodeId === 'attente-pieces')?.endedAt).toBe('2026-11-17T17:00:00.000Z');
  });

  it('uses a handler when given one, and simulates failures and retries on the virtual clock', () => {
    const trace = runSandbox(
      {
        ...workflow,
        nodes: workflow.nodes.map((n) =>
          n.id === 'delai' ? { ...n, retry: { attempts: 3, backoff: 'fixed', delayMs: 60_000 } } : n,
        ),
      } as Workflow,
      event,
      {
        failures: { delai: { times: 2, code: 'db', message: 'indisponible' } },
        handlers: {
          create_deadline: () => ({
            deadlineId: 'd-1',
            dueAt: '2026-12-07T22:59:00.000Z',
            alertAt: '2026-12-01T08:00:00.000Z',
            urgency: 'eleve',
            variants: [],
          }),
        },
      },
    );
    const delai = trace.steps.find((s) => s.nodeId === 'delai');
    expect(delai).toMatchObject({ status: 'succeeded', attempt: 3, output: { deadlineId: 'd-1' } });
    expect(delai?.simulated).toBeUndefined();
    expect(
      trace.effects.filter((e) => e.type === 'wake.schedule' && (e.params as { reason: string }).reason === 'retry'),
    ).toHaveLength(2);
  });

  it('does not run a different procedure past the condition', () => {
    const trace = runSandbox(workflow, { ...event, payload: { ...event.payload, procedureType: 'VISA' } });
    expect(trace.status).toBe('succeeded');
    expect(trace.steps.map((s) => `${s.nodeId}:${s.port ?? ''}`)).toEqual([
      'courrier:next',
      'est-oqtf:false',
      'hors-oqtf:',
    ]);
  });

  it('delivers a correlated event before the timeout, and times out without one', () => {
    const waiting = {
      schemaVersion: 1,
      name: 'Pièces',
      nodes: [
        { id: 'start', kind: 'trigger', event: 'document:missing' },
        {
          id: 'w',
          kind: 'wait',
          event: 'document:uploaded',
          correlate: { workspaceId: '{{payload.workspaceId}}' },
          timeout: 'P3D',
        },
        { id: 'ok', kind: 'end', output: { via: 'event' } },
        { id: 'late', kind: 'end', output: { via: 'timeout' } },
      ],
      edges: [
        { id: 'a', source: 'start', target: 'w' },
        { id: 'b', source: 'w', target: 'ok', port: 'event' },
        { id: 'c', source: 'w', target: 'late', port: 'timeout' },
      ],
    } as Workflow;
    const start = { type: 'document:missing', occurredAt: '2026-11-02T09:00:00Z', payload: { workspaceId: 'ws-1' } };
    const upload = (ws: string, at: string) => ({
      type: 'document:uploaded',
      occurredAt: at,
      payload: { workspaceId: ws, documentId: 'd' },
    });
    expect(runSandbox(waiting, start, { events: [upload('ws-1', '2026-11-03T09:00:00Z')] }).output).toEqual({
      via: 'event',
    });
    expect(runSandbox(waiting, start, { events: [upload('ws-2', '2026-11-03T09:00:00Z')] }).output).toEqual({
      via: 'timeout',
    });
    expect(runSandbox(waiting, start, { events: [upload('ws-1', '2026-11-09T09:00:00Z')] }).output).toEqual({
      via: 'timeout',
    });
  });
});
