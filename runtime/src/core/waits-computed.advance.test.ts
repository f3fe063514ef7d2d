import { describe, expect, it } from 'vitest';
import { doc, feed, ofType, start } from './test-kit.ts';

const trigger = { id: 'start', kind: 'trigger', event: 'document:missing' };

describe('wait: computed dates and working-day timeouts', () => {
  /**  start ──► j7 (until dueAt − 7 days) ──► ok          */
  it('waits until a date computed from the run data with date_add', () => {
    const workflow = doc(
      [
        trigger,
        { id: 'j7', kind: 'wait', until: { date_add: [{ var: 'payload.dueAt' }, '-P7D'] } },
        { id: 'ok', kind: 'end' },
      ],
      [
        ['start', 'j7'],
        ['j7', 'ok'],
      ],
    );
    // ARRANGE/ACT: a deadline on Monday 7 December 2026 at 23:59:59, Paris time.
    const r = start(workflow, { dueAt: '2026-12-07T23:59:59+01:00' });
    // ASSERT: the wake is seven days before, same wall-clock time.
    expect(ofType(r.effects, 'wake.schedule')[0]).toMatchObject({ at: '2026-11-30T22:59:59.000Z', reason: 'wait' });
    // Without the date, the wait fails with a clear code rather than going on.
    expect(start(workflow, {}).state.error?.code).toBe('wait.invalid-date');
  });

  /**  start ──► w (document:uploaded, timeout 3 working days) ──event──► got
   *                                                            └timeout─► late          */
  it('counts an event timeout in French working days when the wait says so', () => {
    const workflow = doc(
      [
        trigger,
        {
          id: 'w',
          kind: 'wait',
          event: 'document:uploaded',
          correlate: { workspaceId: '{{payload.workspaceId}}' },
          timeout: 'P3D',
          calendar: 'working-days',
        },
        { id: 'got', kind: 'end', output: { via: 'event' } },
        { id: 'late', kind: 'end', output: { via: 'timeout' } },
      ],
      [
        ['start', 'w'],
        ['w', 'got', 'event'],
        ['w', 'late', 'timeout'],
      ],
    );
    // T0 is Thursday 5 November 2026, 16:20 in Paris: Friday 6, then Monday 9, Tuesday 10 (the weekend skipped).
    const r = start(workflow, { workspaceId: 'ws-1' });
    const timeout = ofType(r.effects, 'wake.schedule')[0];
    expect(timeout).toMatchObject({ at: '2026-11-10T15:20:00.000Z', reason: 'event-timeout' });
    const done = feed(workflow, r, [
      [{ type: 'timer.fired', wakeId: timeout?.wakeId as string }, timeout?.at as string],
    ]);
    expect(done.state.output).toEqual({ via: 'timeout' });
    // The same wait in calendar days times out on Sunday 8.
    const calendar = doc(workflow.nodes.map((n) => (n.id === 'w' ? { ...n, calendar: 'calendar-days' } : n)) as never, [
      ['start', 'w'],
      ['w', 'got', 'event'],
      ['w', 'late', 'timeout'],
    ]);
    expect(ofType(start(calendar, { workspaceId: 'ws-1' }).effects, 'wake.schedule')[0]?.at).toBe(
      '2026-11-08T15:20:00.000Z',
    );
  });
});
