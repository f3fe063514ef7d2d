import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workflow } from '../core/types.ts';
import { runSandbox, triggerAccepts } from './sandbox.ts';

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

describe('sandbox: scripted outputs and wait filters', () => {
  it('answers an action with the output scripted for its node, on every attempt that does not fail', () => {
    const dueAt = '2026-12-07T23:59:59+01:00';
    const trace = runSandbox(
      {
        ...workflow,
        nodes: workflow.nodes.map((n) =>
          n.id === 'delai' ? { ...n, retry: { attempts: 2, backoff: 'fixed', delayMs: 1000 } } : n,
        ),
      } as Workflow,
      event,
      {
        decisions: { 'projet-recours': 'APPROVED' },
        failures: { delai: { times: 1 } },
        outputs: { delai: { deadlineId: 'd-42', dueAt, urgency: 'eleve' } },
        handlers: { create_deadline: () => ({ deadlineId: 'from-handler', dueAt: '2030-01-01T00:00:00Z' }) },
      },
    );
    const delai = trace.steps.find((s) => s.nodeId === 'delai');
    expect(delai).toMatchObject({ attempt: 2, scripted: true, output: { deadlineId: 'd-42', dueAt } });
    expect(delai?.simulated).toBeUndefined();
    const prevenir = trace.effects.find((e) => e.type === 'action.perform' && e.nodeId === 'prevenir');
    expect((prevenir?.params as { params: { message: string } } | undefined)?.params.message).toContain(dueAt);
    // A node without a scripted output is still simulated.
    expect(trace.steps.find((s) => s.nodeId === 'projet-recours')?.simulated).toBe(true);
  });

  it('delivers an event to a correlated wait only when it passes the wait filter', () => {
    const waiting = {
      schemaVersion: 1,
      name: 'Dépôt',
      nodes: [
        { id: 'start', kind: 'trigger', event: 'procedure:created' },
        {
          id: 'w',
          kind: 'wait',
          event: 'procedure:status_changed',
          correlate: { procedureId: '{{payload.procedureId}}' },
          filter: { '===': [{ var: 'incoming.payload.status' }, 'filed'] },
          timeout: 'P10D',
        },
        { id: 'ok', kind: 'end', output: { at: '{{nodes.w.output.event.occurredAt}}' } },
        { id: 'late', kind: 'end', output: { via: 'timeout' } },
      ],
      edges: [
        { id: 'a', source: 'start', target: 'w' },
        { id: 'b', source: 'w', target: 'ok', port: 'event' },
        { id: 'c', source: 'w', target: 'late', port: 'timeout' },
      ],
    } as Workflow;
    const start = {
      type: 'procedure:created',
      occurredAt: '2026-11-02T09:00:00Z',
      payload: { procedureId: 'p-1', workspaceId: 'ws-1', procedureType: 'OQTF', status: 'draft' },
    };
    const changed = (status: string, at: string) => ({
      type: 'procedure:status_changed',
      occurredAt: at,
      payload: { procedureId: 'p-1', workspaceId: 'ws-1', previousStatus: 'draft', status, changedAt: at },
    });
    const instruction = changed('instruction', '2026-11-03T09:00:00.000Z');
    const filed = changed('filed', '2026-11-04T09:00:00.000Z');
    expect(runSandbox(waiting, start, { events: [instruction, filed] }).output).toEqual({ at: filed.occurredAt });
    expect(runSandbox(waiting, start, { events: [instruction] }).output).toEqual({ via: 'timeout' });
  });
});

describe('triggerAccepts', () => {
  it('takes an event of the trigger type that passes its filter, and nothing else', () => {
    const filtered = {
      ...workflow,
      nodes: workflow.nodes.map((n) =>
        n.kind === 'trigger' ? { ...n, filter: { '===': [{ var: 'payload.situation' }, 'libre'] } } : n,
      ),
    } as Workflow;
    expect(triggerAccepts(filtered, event)).toBe(true);
    expect(triggerAccepts(filtered, { ...event, payload: { ...event.payload, situation: 'retention' } })).toBe(false);
    expect(triggerAccepts(filtered, { ...event, type: 'email:received' })).toBe(false);
    expect(triggerAccepts(workflow, { ...event, payload: {} })).toBe(true);
  });
});

describe('sandbox: virtual time', () => {
  it('fires a timer before an event that comes later, whatever the order inputs were given in', () => {
    /**  start ──► fork ──► day (wait P1D) ──► note
     *                 └──► w (wait document:uploaded) ──event──► done (ends the run)      */
    const forked = {
      schemaVersion: 1,
      name: 'Deux branches',
      nodes: [
        { id: 'start', kind: 'trigger', event: 'document:missing' },
        { id: 'fork', kind: 'parallel' },
        { id: 'day', kind: 'wait', for: 'P1D' },
        { id: 'note', kind: 'action', action: 'create_note', params: { workspaceId: 'ws-1', text: 'un jour' } },
        {
          id: 'w',
          kind: 'wait',
          event: 'document:uploaded',
          correlate: { workspaceId: '{{payload.workspaceId}}' },
          timeout: 'P10D',
        },
        { id: 'done', kind: 'end', output: { via: 'event' } },
      ],
      edges: [
        { id: 'a', source: 'start', target: 'fork' },
        { id: 'b', source: 'fork', target: 'day' },
        { id: 'c', source: 'fork', target: 'w' },
        { id: 'd', source: 'day', target: 'note' },
        { id: 'e', source: 'w', target: 'done', port: 'event' },
      ],
    } as Workflow;
    const upload = (at: string) => ({
      type: 'document:uploaded',
      occurredAt: at,
      payload: { workspaceId: 'ws-1', documentId: `d-${at}` },
    });
    const trace = runSandbox(
      forked,
      { type: 'document:missing', occurredAt: '2026-11-02T09:00:00Z', payload: { workspaceId: 'ws-1' } },
      { events: [upload('2026-11-05T09:00:00Z'), upload('2026-11-04T09:00:00Z')] },
    );
    expect(trace.steps.find((s) => s.nodeId === 'note')).toMatchObject({
      status: 'succeeded',
      at: '2026-11-03T09:00:00.000Z',
    });
    // The earlier of the two uploads is the one delivered.
    expect(trace.steps.find((s) => s.nodeId === 'w')?.endedAt).toBe('2026-11-04T09:00:00.000Z');
    expect(trace).toMatchObject({ status: 'succeeded', output: { via: 'event' }, endedAt: '2026-11-04T09:00:00.000Z' });
  });
});
