import { describe, expect, it } from 'vitest';
import { doc, feed, ofType, ports, start, T0 } from './test-kit.ts';

const trigger = { id: 'start', kind: 'trigger', event: 'email:received' };
const note = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'action',
  action: 'create_note',
  params: { workspaceId: 'ws-1', text: id },
  ...extra,
});

describe('switch', () => {
  /**  start ──► route ──oqtf──► a
   *                   ├─asile─► b
   *                   └default► c          */
  const workflow = doc(
    [
      trigger,
      {
        id: 'route',
        kind: 'switch',
        cases: [
          { port: 'oqtf', logic: { '===': [{ var: 'payload.procedureType' }, 'OQTF'] } },
          { port: 'asile', logic: { in: [{ var: 'payload.procedureType' }, ['ASILE', 'OQTF']] } },
        ],
      },
      { id: 'a', kind: 'end' },
      { id: 'b', kind: 'end' },
      { id: 'c', kind: 'end' },
    ],
    [
      ['start', 'route'],
      ['route', 'a', 'oqtf'],
      ['route', 'b', 'asile'],
      ['route', 'c', 'default'],
    ],
  );
  it.each([
    ['OQTF', 'oqtf'],
    ['ASILE', 'asile'],
    ['VISA', 'default'],
  ])('%s goes to the first matching case (%s)', (procedureType, port) => {
    const { state } = start(workflow, { procedureType });
    expect(state.steps[1]?.port).toBe(port);
  });
});

describe('action', () => {
  it('GREEN: performs with resolved params and an idempotency key, then follows success', () => {
    const workflow = doc(
      [
        trigger,
        note('n', { params: { workspaceId: '{{payload.ws}}', text: 'De {{payload.from}}' } }),
        { id: 'ok', kind: 'end' },
      ],
      [
        ['start', 'n'],
        ['n', 'ok'],
      ],
    );
    const first = start(workflow, { ws: 'ws-9', from: 'amina@example.org' });
    const [perform] = ofType(first.effects, 'action.perform');
    expect(perform).toMatchObject({
      action: 'create_note',
      params: { workspaceId: 'ws-9', text: 'De amina@example.org' },
      attempt: 1,
      idempotencyKey: 'run-1:n:1',
      autonomy: 'GREEN',
    });
    expect(first.state.status).toBe('running');
    const done = feed(workflow, first, [
      { type: 'action.succeeded', nodeId: 'n', attempt: 1, output: { noteId: 'note-1' } },
    ]);
    expect(done.state.status).toBe('succeeded');
    expect(done.state.nodes.n?.output).toEqual({ noteId: 'note-1' });
    expect(done.state.steps.find((s) => s.nodeId === 'n')?.validation?.status).toBe('AUTO_APPROVED');
  });

  it('retries with exponential backoff, then follows the error port after the last attempt', () => {
    const workflow = doc(
      [
        trigger,
        note('n', { retry: { attempts: 3, backoff: 'exponential', delayMs: 1000 } }),
        { id: 'ok', kind: 'end' },
        { id: 'ko', kind: 'end', status: 'failed' },
      ],
      [
        ['start', 'n'],
        ['n', 'ok'],
        ['n', 'ko', 'error'],
      ],
    );
    const fail = (attempt: number) => ({
      type: 'action.failed' as const,
      nodeId: 'n',
      attempt,
      error: { code: 'smtp', message: 'down' },
    });
    const r1 = feed(workflow, start(workflow), [fail(1)]);
    const [wake1] = ofType(r1.effects, 'wake.schedule');
    expect(wake1?.at).toBe(new Date(Date.parse(T0) + 1000).toISOString());
    const r2 = feed(workflow, r1, [[{ type: 'timer.fired', wakeId: wake1?.wakeId as string }, wake1?.at as string]]);
    expect(ofType(r2.effects, 'action.perform')[0]).toMatchObject({ attempt: 2, idempotencyKey: 'run-1:n:2' });
    const r3 = feed(workflow, r2, [[fail(2), wake1?.at as string]]);
    const [wake2] = ofType(r3.effects, 'wake.schedule');
    expect(Date.parse(wake2?.at as string) - Date.parse(wake1?.at as string)).toBe(2000);
    const r4 = feed(workflow, r3, [{ type: 'timer.fired', wakeId: wake2?.wakeId as string }, fail(3)]);
    expect(ports(r4.state)).toContain('n:failed');
    expect(r4.state.steps.at(-1)?.nodeId).toBe('ko');
    expect(r4.state.status).toBe('failed');
    expect(r4.state.nodes.n?.error).toEqual({ code: 'smtp', message: 'down' });
  });

  it('an unhandled error fails the run after the last attempt', () => {
    const workflow = doc(
      [trigger, note('n', { retry: { attempts: 2, backoff: 'fixed', delayMs: 10 } }), { id: 'ok', kind: 'end' }],
      [
        ['start', 'n'],
        ['n', 'ok'],
      ],
    );
    const r1 = feed(workflow, start(workflow), [
      { type: 'action.failed', nodeId: 'n', attempt: 1, error: { code: 'x', message: 'x' } },
    ]);
    expect(r1.state.status).toBe('waiting');
    const wake = ofType(r1.effects, 'wake.schedule')[0];
    const r2 = feed(workflow, r1, [
      { type: 'timer.fired', wakeId: wake?.wakeId as string },
      { type: 'action.failed', nodeId: 'n', attempt: 2, error: { code: 'x', message: 'x' } },
    ]);
    expect(r2.state.status).toBe('failed');
    expect(r2.state.error).toMatchObject({ nodeId: 'n', code: 'x' });
    expect(ofType(r2.effects, 'run.finished')[0]?.status).toBe('failed');
  });

  it('a non-retryable failure does not retry', () => {
    const workflow = doc([trigger, note('n', { retry: { attempts: 5 } })], [['start', 'n']]);
    const r = feed(workflow, start(workflow), [
      {
        type: 'action.failed',
        nodeId: 'n',
        attempt: 1,
        error: { code: 'bad-request', message: '400', retryable: false },
      },
    ]);
    expect(r.state.status).toBe('failed');
  });

  it('a late or repeated result changes nothing', () => {
    const workflow = doc(
      [trigger, note('n'), { id: 'ok', kind: 'end' }],
      [
        ['start', 'n'],
        ['n', 'ok'],
      ],
    );
    const done = feed(workflow, start(workflow), [{ type: 'action.succeeded', nodeId: 'n', attempt: 1, output: {} }]);
    const again = feed(workflow, done, [{ type: 'action.succeeded', nodeId: 'n', attempt: 1, output: { other: 1 } }]);
    expect(again.effects).toEqual([]);
    expect(again.state).toEqual(done.state);
  });
});

describe('wait', () => {
  it('waits two French working days, keeping the local time (Thursday 5 → Monday 9 November 2026)', () => {
    const workflow = doc(
      [trigger, { id: 'w', kind: 'wait', for: 'P2D', calendar: 'working-days' }, { id: 'ok', kind: 'end' }],
      [
        ['start', 'w'],
        ['w', 'ok'],
      ],
    );
    const r = start(workflow);
    const [wake] = ofType(r.effects, 'wake.schedule');
    expect(wake).toMatchObject({ at: '2026-11-09T15:20:00.000Z', reason: 'wait' });
    expect(r.state.status).toBe('waiting');
    const done = feed(workflow, r, [[{ type: 'timer.fired', wakeId: wake?.wakeId as string }, wake?.at as string]]);
    expect(done.state.status).toBe('succeeded');
    expect(done.state.nodes.w?.output).toEqual({ resumedAt: '2026-11-09T15:20:00.000Z', timedOut: false });
  });

  it('waits for an ISO duration in calendar days', () => {
    const workflow = doc([trigger, { id: 'w', kind: 'wait', for: 'P1DT2H' }], [['start', 'w']]);
    expect(ofType(start(workflow).effects, 'wake.schedule')[0]?.at).toBe('2026-11-06T17:20:00.000Z');
  });

  it('waits until a computed date, and goes on at once when the date is past', () => {
    const workflow = doc(
      [trigger, { id: 'w', kind: 'wait', until: { var: 'payload.dueAt' } }, { id: 'ok', kind: 'end' }],
      [
        ['start', 'w'],
        ['w', 'ok'],
      ],
    );
    expect(ofType(start(workflow, { dueAt: '2026-12-01T08:00:00Z' }).effects, 'wake.schedule')[0]?.at).toBe(
      '2026-12-01T08:00:00.000Z',
    );
    expect(start(workflow, { dueAt: '2026-01-01T08:00:00Z' }).state.status).toBe('succeeded');
    expect(start(workflow, { dueAt: 'bientôt' }).state.error?.code).toBe('wait.invalid-date');
  });

  /**  start ──► w ──event──► got
   *             └─timeout─► late        */
  const correlated = doc(
    [
      trigger,
      {
        id: 'w',
        kind: 'wait',
        event: 'document:uploaded',
        correlate: { workspaceId: '{{payload.workspaceId}}' },
        timeout: 'P3D',
      },
      { id: 'got', kind: 'end', output: { file: '{{nodes.w.output.event.payload.filename}}' } },
      { id: 'late', kind: 'end', status: 'failed' },
    ],
    [
      ['start', 'w'],
      ['w', 'got', 'event'],
      ['w', 'late', 'timeout'],
    ],
  );

  it('until a correlated event: subscribes with the resolved match and a timeout', () => {
    const r = start(correlated, { workspaceId: 'ws-7' });
    expect(ofType(r.effects, 'event.subscribe')[0]).toMatchObject({
      eventType: 'document:uploaded',
      match: { workspaceId: 'ws-7' },
    });
    const sub = ofType(r.effects, 'event.subscribe')[0]?.subscriptionId as string;
    const event = {
      id: 'e2',
      type: 'document:uploaded',
      payload: { workspaceId: 'ws-7', filename: 'passeport.pdf' },
      occurredAt: T0,
      causation: [],
    };
    const got = feed(correlated, r, [{ type: 'event.correlated', subscriptionId: sub, event }]);
    expect(got.state.status).toBe('succeeded');
    expect(got.state.output).toEqual({ file: 'passeport.pdf' });
    expect(ofType(got.effects, 'wake.cancel')).toHaveLength(1);
  });

  it('until a correlated event: times out on the timeout port', () => {
    const r = start(correlated, { workspaceId: 'ws-7' });
    const wake = ofType(r.effects, 'wake.schedule')[0];
    expect(wake?.at).toBe('2026-11-08T15:20:00.000Z');
    const late = feed(correlated, r, [{ type: 'timer.fired', wakeId: wake?.wakeId as string }]);
    expect(late.state.steps.find((s) => s.nodeId === 'w')?.port).toBe('timeout');
    expect(late.state.status).toBe('failed');
    expect(ofType(late.effects, 'event.unsubscribe')).toHaveLength(1);
  });
});

describe('parallel, join, loop, subflow, end', () => {
  it('parallel + join(all): waits for every branch, each action performed once', () => {
    /**  start ──► fan ──► a ──► meet ──► ok
     *               └───► b ──┘                 */
    const workflow = doc(
      [
        trigger,
        { id: 'fan', kind: 'parallel' },
        note('a'),
        note('b'),
        { id: 'meet', kind: 'join' },
        { id: 'ok', kind: 'end' },
      ],
      [
        ['start', 'fan'],
        ['fan', 'a'],
        ['fan', 'b'],
        ['a', 'meet'],
        ['b', 'meet'],
        ['meet', 'ok'],
      ],
    );
    const r = start(workflow);
    expect(ofType(r.effects, 'action.perform').map((e) => e.nodeId)).toEqual(['a', 'b']);
    const half = feed(workflow, r, [{ type: 'action.succeeded', nodeId: 'b', attempt: 1, output: {} }]);
    expect(half.state.status).toBe('running');
    // A token waiting at the join has no open step: the saved token leaves the field out.
    const atJoin = half.state.tokens.find((t) => t.nodeId === 'meet');
    expect(atJoin?.wait).toEqual({ kind: 'join' });
    expect(atJoin && 'stepIndex' in atJoin).toBe(false);
    expect(JSON.parse(JSON.stringify(half.state))).toStrictEqual(half.state);
    const done = feed(workflow, half, [{ type: 'action.succeeded', nodeId: 'a', attempt: 1, output: {} }]);
    expect(done.state.status).toBe('succeeded');
    expect(done.state.steps.filter((s) => s.nodeId === 'meet')).toHaveLength(1);
    expect(done.state.nodes.meet?.output).toEqual({ branches: ['b', 'a'] });
  });

  it('join(first): goes on with the first branch, the other ends there', () => {
    const workflow = doc(
      [
        trigger,
        { id: 'fan', kind: 'parallel' },
        note('a'),
        note('b'),
        { id: 'meet', kind: 'join', mode: 'first' },
        note('after'),
      ],
      [
        ['start', 'fan'],
        ['fan', 'a'],
        ['fan', 'b'],
        ['a', 'meet'],
        ['b', 'meet'],
        ['meet', 'after'],
      ],
    );
    const r = feed(workflow, start(workflow), [
      { type: 'action.succeeded', nodeId: 'b', attempt: 1, output: {} },
      { type: 'action.succeeded', nodeId: 'a', attempt: 1, output: {} },
    ]);
    expect(ofType(r.all, 'action.perform').filter((e) => e.nodeId === 'after')).toHaveLength(1);
  });

  it('a join after a condition does not wait for the branch that was not taken', () => {
    const workflow = doc(
      [
        trigger,
        { id: 'c', kind: 'condition', logic: { '==': [1, 1] } },
        note('a'),
        { id: 'meet', kind: 'join' },
        { id: 'ok', kind: 'end' },
      ],
      [
        ['start', 'c'],
        ['c', 'a', 'true'],
        ['c', 'meet', 'false'],
        ['a', 'meet'],
        ['meet', 'ok'],
      ],
    );
    const r = feed(workflow, start(workflow), [{ type: 'action.succeeded', nodeId: 'a', attempt: 1, output: {} }]);
    expect(r.state.status).toBe('succeeded');
  });

  it('loop: runs the body for each item (bounded by maxIterations), then done', () => {
    /**  start ──► each ──each──► n ──► (back to each)
     *                  └─done──► ok                       */
    const workflow = doc(
      [
        trigger,
        { id: 'each', kind: 'loop', items: { var: 'payload.attachments' }, maxIterations: 2 },
        note('n', { params: { workspaceId: 'ws', text: '{{loop.item.filename}}' } }),
        { id: 'ok', kind: 'end', output: { n: '{{nodes.each.output.iterations}}' } },
      ],
      [
        ['start', 'each'],
        ['each', 'n', 'each'],
        ['n', 'each'],
        ['each', 'ok', 'done'],
      ],
    );
    const files = [{ filename: 'a.pdf' }, { filename: 'b.pdf' }, { filename: 'c.pdf' }];
    let r = start(workflow, { attachments: files });
    const texts: unknown[] = [];
    for (let i = 0; i < 3 && r.state.status === 'running'; i++) {
      const perform = ofType(r.effects, 'action.perform')[0];
      texts.push((perform?.params as { text: string } | undefined)?.text);
      r = feed(workflow, r, [{ type: 'action.succeeded', nodeId: 'n', attempt: 1, output: { noteId: `note-${i}` } }]);
    }
    expect(texts).toEqual(['a.pdf', 'b.pdf']);
    expect(r.state.status).toBe('succeeded');
    expect(r.state.nodes.each?.output).toMatchObject({ iterations: 2, truncated: true });
    expect(r.state.output).toEqual({ n: 2 });
  });

  it('subflow: starts the child, waits for it, follows success or error', () => {
    const workflow = doc(
      [
        trigger,
        { id: 'child', kind: 'subflow', workflowId: 'wf-child', input: { ws: '{{payload.ws}}' } },
        { id: 'ok', kind: 'end' },
        { id: 'ko', kind: 'end', status: 'failed' },
      ],
      [
        ['start', 'child'],
        ['child', 'ok'],
        ['child', 'ko', 'error'],
      ],
    );
    const r = start(workflow, { ws: 'ws-3' });
    const [child] = ofType(r.effects, 'child.start');
    expect(child).toMatchObject({ workflowId: 'wf-child', input: { ws: 'ws-3' }, wait: true, depth: 1 });
    expect(
      feed(workflow, r, [
        { type: 'child.finished', childKey: child?.childKey as string, status: 'succeeded', output: {} },
      ]).state.status,
    ).toBe('succeeded');
    const failed = feed(workflow, r, [
      { type: 'child.finished', childKey: child?.childKey as string, status: 'failed' },
    ]);
    expect(failed.state.steps.at(-1)?.nodeId).toBe('ko');
  });

  it('subflow: refuses to nest deeper than the policy allows', () => {
    const workflow = doc([trigger, { id: 'child', kind: 'subflow', workflowId: 'wf-child' }], [['start', 'child']]);
    const r = start(workflow, {}, { maxSubflowDepth: 0 });
    expect(r.state.error?.code).toBe('subflow.depth');
  });

  it('end: sets the run status and output, and stops the other branches', () => {
    const workflow = doc(
      [
        trigger,
        { id: 'fan', kind: 'parallel' },
        { id: 'w', kind: 'wait', for: 'P1D' },
        { id: 'stop', kind: 'end', status: 'cancelled', output: { why: '{{payload.reason}}' } },
      ],
      [
        ['start', 'fan'],
        ['fan', 'w'],
        ['fan', 'stop'],
      ],
    );
    const r = start(workflow, { reason: 'doublon' });
    expect(r.state.status).toBe('cancelled');
    expect(r.state.output).toEqual({ why: 'doublon' });
    expect(ofType(r.effects, 'wake.cancel')).toHaveLength(1);
  });
});

describe('operators of the run', () => {
  it('cancel releases what the run waits for', () => {
    const workflow = doc([trigger, { id: 'w', kind: 'wait', for: 'P10D' }], [['start', 'w']]);
    const r = feed(workflow, start(workflow), [{ type: 'run.cancel', reason: 'dossier clos' }]);
    expect(r.state.status).toBe('cancelled');
    expect(ofType(r.effects, 'wake.cancel')).toHaveLength(1);
  });

  it('retry from the failed step keeps earlier outputs and gives a new idempotency key', () => {
    const workflow = doc(
      [trigger, note('a'), note('b'), { id: 'ok', kind: 'end' }],
      [
        ['start', 'a'],
        ['a', 'b'],
        ['b', 'ok'],
      ],
    );
    const failed = feed(workflow, start(workflow), [
      { type: 'action.succeeded', nodeId: 'a', attempt: 1, output: { noteId: 'A' } },
      { type: 'action.failed', nodeId: 'b', attempt: 1, error: { code: 'x', message: 'x' } },
    ]);
    expect(failed.state.status).toBe('failed');
    const retried = feed(workflow, failed, [{ type: 'run.retry' }]);
    expect(ofType(retried.effects, 'action.perform')).toMatchObject([{ nodeId: 'b', idempotencyKey: 'run-1:b:2' }]);
    expect(retried.state.nodes.a?.output).toEqual({ noteId: 'A' });
    const done = feed(workflow, retried, [{ type: 'action.succeeded', nodeId: 'b', attempt: 1, output: {} }]);
    expect(done.state.status).toBe('succeeded');
    expect(ofType(done.all, 'action.perform').filter((e) => e.nodeId === 'a')).toHaveLength(0);
  });
});
