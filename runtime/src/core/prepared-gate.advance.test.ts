import { findEvent, validateWith } from '@iapm/schemas';
import { describe, expect, it } from 'vitest';
import { doc, feed, ofType, ports, start } from './test-kit.ts';

/**  start ──► ask (request_validation) ──approved──► ok
 *                                      ├──rejected──► no
 *                                      └──timeout───► late          */
const human = doc(
  [
    { id: 'start', kind: 'trigger', event: 'email:received' },
    {
      id: 'ask',
      kind: 'action',
      action: 'request_validation',
      params: { title: 'Valider le recours', instructions: 'Relire les moyens', dueIn: 'P1D' },
    },
    { id: 'ok', kind: 'end' },
    { id: 'no', kind: 'end' },
    { id: 'late', kind: 'end', output: { late: true } },
  ],
  [
    ['start', 'ask'],
    ['ask', 'ok', 'approved'],
    ['ask', 'no', 'rejected'],
    ['ask', 'late', 'timeout'],
  ],
);
const redNote = doc(
  [
    { id: 'start', kind: 'trigger', event: 'email:received' },
    { id: 'ask', kind: 'action', action: 'create_note', autonomy: 'RED', params: { workspaceId: 'w', text: 't' } },
  ],
  [['start', 'ask']],
);

const gate = {
  dueAt: '2026-11-06T15:20:00.000Z',
  assigneeId: '65f1a0c4d5e6f70812345678',
  instructions: 'Relire les moyens',
  workspaceId: '65f1b9e0a1b2c3d4e5f60718',
  summary: 'Valider le recours',
};

function opened(workflow = human, policy = {}) {
  const first = start(workflow, {}, policy);
  const params = ofType(first.effects, 'action.prepare')[0]?.params;
  return feed(workflow, first, [{ type: 'action.prepared', nodeId: 'ask', params, gate }]);
}

const autoApproval = (validationId: string) => ({
  type: 'decision' as const,
  nodeId: 'ask',
  validationId,
  decision: 'AUTO_APPROVED' as const,
  decidedBy: 'run-policy',
  decidedAt: '2026-11-05T16:00:00.000Z',
  comment: 'confiance 0,97',
});

describe('a gate prepared by its handler', () => {
  it('takes its due date, assignee, instructions and case from what the handler prepared', () => {
    const r = opened();
    expect(ofType(r.effects, 'validation.open')[0]).toMatchObject({
      dueAt: gate.dueAt,
      assigneeId: gate.assigneeId,
      instructions: gate.instructions,
      workspaceId: gate.workspaceId,
    });
    expect(ofType(r.effects, 'wake.schedule')).toEqual([
      expect.objectContaining({ at: gate.dueAt, reason: 'gate-timeout' }),
    ]);
  });

  it('follows the timeout port when its own due date passes', () => {
    const r = opened();
    const wake = ofType(r.effects, 'wake.schedule')[0];
    const late = feed(human, r, [[{ type: 'timer.fired', wakeId: wake?.wakeId as string }, gate.dueAt]]);
    expect(ports(late.state)).toEqual(['start:next', 'ask:timeout', 'late:succeeded']);
    expect(ofType(late.effects, 'validation.close')[0]?.status).toBe('EXPIRED');
  });

  it('announces itself with an ai:validation_required event valid against its schema', () => {
    const r = opened();
    const [announced] = ofType(r.effects, 'event.emit');
    expect(announced).toMatchObject({ eventType: 'ai:validation_required', causation: ['evt-1'] });
    expect(announced?.payload).toMatchObject({
      nodeId: 'ask',
      action: 'request_validation',
      autonomy: 'ORANGE',
      summary: 'Valider le recours',
      assignedTo: gate.assigneeId,
      expiresAt: gate.dueAt,
      params: { title: 'Valider le recours' },
    });
    const schema = findEvent('ai:validation_required')?.schemaRef as string;
    expect(validateWith(schema, announced?.payload).issues).toEqual([]);
  });

  it('a gate whose id the event schema would refuse (a very long node id) opens without the announcement', () => {
    const long = `n${'x'.repeat(60)}`;
    const workflow = doc(
      [
        { id: 'start', kind: 'trigger', event: 'email:received' },
        { id: long, kind: 'action', action: 'request_validation', params: { title: 'Valider' } },
      ],
      [['start', long]],
    );
    const first = start(workflow);
    const r = feed(workflow, first, [{ type: 'action.prepared', nodeId: long, params: { title: 'Valider' } }]);
    expect(ofType(r.effects, 'validation.open')).toHaveLength(1);
    expect(ofType(r.effects, 'event.emit')).toEqual([]);
    expect(r.state.status).toBe('awaiting_validation');
  });
});

describe('a decision taken by policy (AUTO_APPROVED)', () => {
  const allowed = { orangeAutoApprove: { enabled: true, minConfidence: 0.9 } };

  it('approves an ORANGE gate when the run started under a policy that allows it', () => {
    const r = opened(human, allowed);
    const validationId = ofType(r.effects, 'validation.open')[0]?.validationId as string;
    const decided = feed(human, r, [autoApproval(validationId)]);
    expect(ofType(decided.effects, 'action.perform')).toHaveLength(1);
    expect(ofType(decided.effects, 'event.emit')[0]).toMatchObject({
      eventType: 'validation:approved',
      payload: { status: 'AUTO_APPROVED' },
    });
    expect(decided.state.steps.find((s) => s.nodeId === 'ask')?.validation?.status).toBe('AUTO_APPROVED');
  });

  it('is ignored when the run started under a policy that does not allow it', () => {
    const r = opened(human);
    const validationId = ofType(r.effects, 'validation.open')[0]?.validationId as string;
    const decided = feed(human, r, [autoApproval(validationId)]);
    expect(decided.effects).toEqual([]);
    expect(decided.state.status).toBe('awaiting_validation');
  });

  it('is ignored for RED, whatever the policy', () => {
    const r = opened(redNote, { orangeAutoApprove: { enabled: true, minConfidence: 0.5 } });
    const validation = ofType(r.effects, 'validation.open')[0];
    expect(validation?.autonomy).toBe('RED');
    const decided = feed(redNote, r, [autoApproval(validation?.validationId as string)]);
    expect(ofType(decided.effects, 'action.perform')).toEqual([]);
    expect(decided.state.status).toBe('awaiting_validation');
  });
});

describe('what a gate keeps of the prepared preview', () => {
  const prepared = (preview: unknown) => {
    const first = start(redNote, {});
    const params = ofType(first.effects, 'action.prepare')[0]?.params;
    return ofType(
      feed(redNote, first, [{ type: 'action.prepared', nodeId: 'ask', params, preview }]).effects,
      'validation.open',
    )[0];
  };

  it('keeps the preview for the lawyer to read, and the AI provenance it carries', () => {
    const preview = {
      title: 'Requête',
      text: 'Monsieur le Président…',
      provenance: { provider: 'ollama', model: 'mistral', promptVersion: '3' },
    };
    const open = prepared(preview);
    expect(open?.preview).toEqual(preview);
    expect(open?.provenance).toEqual({ provider: 'ollama', model: 'mistral', promptVersion: '3' });
  });

  it('keeps a preview without provenance as it is, and none when nothing was prepared', () => {
    expect(prepared({ subject: 'Convocation', to: ['a@b.example'] })).toMatchObject({
      preview: { subject: 'Convocation', to: ['a@b.example'] },
    });
    expect(prepared({ subject: 'x' })?.provenance).toBeUndefined();
    const none = prepared(undefined);
    expect(none).toBeDefined();
    expect(none && 'preview' in none).toBe(false);
  });

  it('leaves out a preview larger than 100 KB of JSON rather than cut it', () => {
    const open = prepared({ text: 'x'.repeat(100_001) });
    expect(open).toBeDefined();
    expect(open && 'preview' in open).toBe(false);
  });
});
