import { describe, expect, it } from 'vitest';
import { RULES } from '../domain/test-data.ts';
import { deadlineHandler, ruleHandlers, sandboxHandlers } from './rule-handlers.ts';
import { runSandbox } from './sandbox.ts';

const context = { now: '2026-03-10T09:00:00+01:00', nodeId: 'x', attempt: 1 };

describe('sandbox rule handlers', () => {
  it('extract_data reads the procedure type from the text by the built-in rules', () => {
    const out = ruleHandlers.extract_data?.(
      {
        text: 'Monsieur, le préfet a pris à votre encontre une obligation de quitter le territoire français (OQTF) notifiée le 3 mars 2026.',
        receivedAt: '2026-03-10T09:00:00+01:00',
      },
      context,
    ) as Record<string, unknown>;
    expect(out.procedureType).toBe('OQTF');
    expect(out.provenance).toMatchObject({ provider: 'builtin' });
    expect(typeof out.confidence).toBe('number');
  });

  it('finds no OQTF in a text about something else, and keeps only the fields asked', () => {
    const other = ruleHandlers.extract_data?.({ text: 'Bonjour, voici ma facture du mois.' }, context) as Record<
      string,
      unknown
    >;
    expect(other.procedureType).not.toBe('OQTF');
    const phonesOnly = ruleHandlers.extract_data?.(
      { text: 'OQTF notifiée hier, rappelez-moi au 06 12 34 56 78.', fields: ['phones'] },
      context,
    ) as Record<string, unknown>;
    expect(phonesOnly.phones).toEqual(['+33612345678']);
    expect(phonesOnly.procedureType).toBeUndefined();
  });
});

describe('sandbox deadlines by the CESEDA rules', () => {
  const deadline = deadlineHandler(RULES);

  it('computes an OQTF délai de recours from the notification, as a real run does', () => {
    const out = deadline(
      { workspaceId: 'w', procedure: 'OQTF', situation: 'libre', notifiedAt: '2026-03-03', notificationMode: 'hand' },
      context,
    ) as Record<string, unknown>;
    expect(out.ruleId).toMatch(/^OQTF/);
    // From 4 March, one month: Saturday 4 April, then Sunday and Easter Monday: Tuesday 7 April, end of day.
    expect(out.dueAt).toBe('2026-04-07T23:59:59+02:00');
    expect(out.deadlineId).toBe('sandbox-deadline-x');
    expect(String(out.legalRef)).toMatch(/L\.? ?\d|CESEDA|CJA/);
  });

  it('leaves to a stand-in what it cannot know: a date entered by hand, or no notification date', () => {
    expect(deadline({ workspaceId: 'w', dueAt: '2026-04-01T23:59:00+02:00' }, context)).toBeUndefined();
    expect(deadline({ workspaceId: 'w', procedure: 'OQTF' }, context)).toBeUndefined();
    expect(deadline({ workspaceId: 'w', procedure: 'OQTF', notifiedAt: '' }, context)).toBeUndefined();
  });

  it('fails the step in words when the rule cannot apply', () => {
    expect(() => deadline({ workspaceId: 'w', ruleId: 'NO-SUCH-RULE', notifiedAt: '2026-03-03' }, context)).toThrow(
      /\//,
    );
  });

  it('in a test run: the computed step is not marked simulated, the stand-in one is', () => {
    const workflow = {
      schemaVersion: 1,
      name: 'Délais',
      nodes: [
        { id: 'start', kind: 'trigger', event: 'client:created' },
        {
          id: 'calcul',
          kind: 'action',
          action: 'create_deadline',
          params: { workspaceId: 'w', procedure: 'OQTF', situation: 'libre', notifiedAt: '2026-03-03' },
        },
        {
          id: 'main',
          kind: 'action',
          action: 'create_deadline',
          params: { workspaceId: 'w', dueAt: '2026-05-01T12:00:00Z' },
        },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'calcul' },
        { id: 'e2', source: 'calcul', target: 'main' },
      ],
    };
    const trace = runSandbox(workflow as never, { type: 'client:created', payload: {} } as never, {
      handlers: sandboxHandlers({ rules: RULES }),
      at: '2026-03-10T09:00:00+01:00',
    });
    const calcul = trace.steps.find((st) => st.nodeId === 'calcul');
    const manual = trace.steps.find((st) => st.nodeId === 'main');
    expect(calcul?.simulated).toBeFalsy();
    expect((calcul?.output as { dueAt?: string } | undefined)?.dueAt).toBe('2026-04-07T23:59:59+02:00');
    expect(manual?.simulated).toBe(true);
  });
});
