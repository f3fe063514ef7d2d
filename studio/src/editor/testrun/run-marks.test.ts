import { describe, expect, it } from 'vitest';
import type { Trace } from '../../api/workflows.ts';
import type { Doc } from '../model/document.ts';
import { runMarks } from './run-marks.ts';

/*
 *   mail ──► check ─Oui─► deadline ──► gate (RED, waiting)
 *              └──Non──► end
 */
const doc: Doc = {
  schemaVersion: 1,
  name: 'Trace',
  nodes: [
    { id: 'mail', kind: 'trigger', event: 'email:received' },
    { id: 'check', kind: 'condition', logic: {} },
    { id: 'deadline', kind: 'action', action: 'create_deadline' },
    { id: 'gate', kind: 'action', action: 'generate_document', autonomy: 'RED' },
    { id: 'end', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'mail', target: 'check' },
    { id: 'e2', source: 'check', target: 'deadline', port: 'true' },
    { id: 'e3', source: 'check', target: 'end', port: 'false' },
    { id: 'e4', source: 'deadline', target: 'gate' },
  ],
};

const step = (nodeId: string, status: Trace['steps'][0]['status'], port?: string) => ({
  nodeId,
  kind: 'x',
  status,
  at: '2026-01-05T08:00:00.000Z',
  ...(port ? { port } : {}),
});

describe('painting a test run', () => {
  it('marks the path taken, the waiting gate and what was not reached', () => {
    const trace: Trace = {
      status: 'awaiting_validation',
      startedAt: '',
      endedAt: '',
      effects: [],
      steps: [
        step('mail', 'succeeded', 'next'),
        step('check', 'succeeded', 'true'),
        step('deadline', 'succeeded', 'success'),
        step('gate', 'awaiting_validation'),
      ],
    };
    const marks = runMarks(doc, trace);
    expect(Object.fromEntries(marks.nodes)).toEqual({
      mail: 'succeeded',
      check: 'succeeded',
      deadline: 'succeeded',
      gate: 'waiting',
    });
    expect([...marks.edges].sort()).toEqual(['e1', 'e2', 'e4']);
  });

  it('a failed step is failed', () => {
    const trace: Trace = {
      status: 'failed',
      startedAt: '',
      endedAt: '',
      effects: [],
      steps: [step('mail', 'succeeded', 'next'), step('check', 'failed')],
    };
    expect(runMarks(doc, trace).nodes.get('check')).toBe('failed');
  });
});
