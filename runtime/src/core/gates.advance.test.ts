import { checkWorkflow } from '@iapm/schemas';
import { describe, expect, it } from 'vitest';
import { doc, feed, ofType, start } from './test-kit.ts';

const trigger = { id: 'start', kind: 'trigger', event: 'email:classified' };

/**  start ──► draft (gated) ──approved──► ok
 *                         ├──rejected──► no
 *                         └──timeout───► late          */
function gated(node: Record<string, unknown>) {
  return doc(
    [
      trigger,
      { id: 'draft', kind: 'action', ...node },
      { id: 'ok', kind: 'end' },
      { id: 'no', kind: 'end', output: { refused: true } },
      { id: 'late', kind: 'end', status: 'failed' },
    ],
    [
      ['start', 'draft'],
      ['draft', 'ok', 'approved'],
      ['draft', 'no', 'rejected'],
      ['draft', 'late', 'timeout'],
    ],
  );
}
const redDraft = gated({
  action: 'generate_document',
  autonomy: 'RED',
  params: { template: 'recours-oqtf', workspaceId: 'ws-1' },
});
const orangeMail = gated({
  action: 'send_email',
  params: { to: ['client@example.org'], subject: 'Pièces', text: 'Bonjour' },
  gate: { timeout: 'P2D', confidence: { var: 'payload.confidence' } },
});

/** Runs to the gate and returns the open validation. */
function toGate(workflow: ReturnType<typeof gated>, payload: Record<string, unknown> = {}, policy = {}) {
  const first = start(workflow, payload, policy);
  const [prepare] = ofType(first.effects, 'action.prepare');
  const prepared = feed(workflow, first, [{ type: 'action.prepared', nodeId: 'draft', params: prepare?.params }]);
  return { prepared, validation: ofType(prepared.effects, 'validation.open')[0] };
}

const decide = (validationId: string, decision: 'APPROVED' | 'MODIFIED_APPROVED' | 'REJECTED', params?: unknown) => ({
  type: 'decision' as const,
  nodeId: 'draft',
  validationId,
  decision,
  ...(params ? { params } : {}),
  decidedBy: 'user-avocate',
  decidedAt: '2026-11-06T09:00:00.000Z',
  comment: 'relu',
});

describe('autonomy gates', () => {
  it('RED: prepares, opens a PENDING validation and parks the run; nothing is performed', () => {
    const { prepared, validation } = toGate(redDraft);
    expect(validation).toMatchObject({
      nodeId: 'draft',
      autonomy: 'RED',
      preparedParams: { template: 'recours-oqtf' },
    });
    expect(prepared.state.status).toBe('awaiting_validation');
    expect(ofType(prepared.all, 'action.perform')).toEqual([]);
  });

  it('a draft that cannot be prepared fails the node: no gate opens and the run does not hang', () => {
    const first = start(redDraft, {});
    const error = { code: 'document.template-unknown', message: 'inconnu / unknown', retryable: false };
    const r = feed(redDraft, first, [{ type: 'action.failed', nodeId: 'draft', attempt: 1, error }]);
    expect(ofType(r.all, 'validation.open')).toEqual([]);
    expect(r.state.status).toBe('failed');
    expect(r.state.steps.find((s) => s.nodeId === 'draft')).toMatchObject({ status: 'failed', error });
  });

  it('APPROVED performs the prepared params and records who decided', () => {
    const { prepared, validation } = toGate(redDraft);
    const r = feed(redDraft, prepared, [decide(validation?.validationId as string, 'APPROVED')]);
    expect(ofType(r.effects, 'action.perform')[0]).toMatchObject({
      params: { template: 'recours-oqtf' },
      autonomy: 'RED',
    });
    expect(ofType(r.effects, 'event.emit')[0]).toMatchObject({
      eventType: 'validation:approved',
      payload: { status: 'APPROVED', decidedBy: 'user-avocate' },
    });
    const done = feed(redDraft, r, [
      { type: 'action.succeeded', nodeId: 'draft', attempt: 1, output: { documentId: 'd1' } },
    ]);
    const step = done.state.steps.find((s) => s.nodeId === 'draft');
    expect(step?.validation).toMatchObject({
      status: 'APPROVED',
      decidedBy: 'user-avocate',
      decidedAt: '2026-11-06T09:00:00.000Z',
      comment: 'relu',
    });
    expect(step?.validation?.preparedParams).toEqual(step?.validation?.finalParams);
    expect(done.state.status).toBe('succeeded');
  });

  it('MODIFIED_APPROVED performs the edited params and keeps both versions', () => {
    const { prepared, validation } = toGate(redDraft);
    const edited = { template: 'recours-oqtf-v2', workspaceId: 'ws-1' };
    const r = feed(redDraft, prepared, [decide(validation?.validationId as string, 'MODIFIED_APPROVED', edited)]);
    expect(ofType(r.effects, 'action.perform')[0]?.params).toEqual(edited);
    const step = r.state.steps.find((s) => s.nodeId === 'draft');
    expect(step?.validation).toMatchObject({
      status: 'MODIFIED_APPROVED',
      finalParams: edited,
      preparedParams: { template: 'recours-oqtf' },
    });
  });

  it('REJECTED follows the rejected port and performs nothing', () => {
    const { prepared, validation } = toGate(redDraft);
    const r = feed(redDraft, prepared, [decide(validation?.validationId as string, 'REJECTED')]);
    expect(ofType(r.all, 'action.perform')).toEqual([]);
    expect(r.state.output).toEqual({ refused: true });
    expect(ofType(r.effects, 'validation.close')[0]?.status).toBe('REJECTED');
  });

  it('a gate timeout follows the timeout port', () => {
    const { prepared, validation } = toGate(orangeMail, { confidence: 0.2 });
    expect(validation?.dueAt).toBe('2026-11-07T15:20:00.000Z');
    const wake = ofType(prepared.all, 'wake.schedule').find((w) => w.reason === 'gate-timeout');
    const r = feed(orangeMail, prepared, [{ type: 'timer.fired', wakeId: wake?.wakeId as string }]);
    expect(r.state.steps.find((s) => s.nodeId === 'draft')).toMatchObject({
      port: 'timeout',
      validation: { status: 'EXPIRED' },
    });
  });

  it('ORANGE is auto-approved only when the firm allows it and the confidence reaches the threshold', () => {
    const policy = { orangeAutoApprove: { enabled: true, minConfidence: 0.9 } };
    const high = start(orangeMail, { confidence: 0.95 }, policy);
    const auto = feed(orangeMail, high, [
      { type: 'action.prepared', nodeId: 'draft', params: ofType(high.effects, 'action.prepare')[0]?.params },
    ]);
    expect(ofType(auto.effects, 'validation.open')).toEqual([]);
    expect(ofType(auto.effects, 'action.perform')).toHaveLength(1);
    expect(auto.state.steps.find((s) => s.nodeId === 'draft')?.validation).toMatchObject({
      status: 'AUTO_APPROVED',
      confidence: 0.95,
    });
    expect(toGate(orangeMail, { confidence: 0.5 }, policy).validation).toBeDefined();
    expect(toGate(orangeMail, { confidence: 0.99 }).validation).toBeDefined();
  });
});

describe('RED cannot be auto-approved', () => {
  const everything = { orangeAutoApprove: { enabled: true, minConfidence: 0.5 } };

  it('not by firm policy, even with a perfect confidence', () => {
    const { prepared, validation } = toGate(redDraft, {}, everything);
    expect(validation?.autonomy).toBe('RED');
    const again = feed(redDraft, prepared, []);
    expect(again.state.status).toBe('awaiting_validation');
    const first = start(redDraft, {}, everything);
    const withConfidence = feed(redDraft, first, [
      { type: 'action.prepared', nodeId: 'draft', params: {}, confidence: 1 },
    ]);
    expect(ofType(withConfidence.effects, 'validation.open')).toHaveLength(1);
    expect(ofType(withConfidence.effects, 'action.perform')).toEqual([]);
  });

  it('not by node settings: run_script declared GREEN is still gated at RED', () => {
    const crafted = gated({ action: 'run_script', autonomy: 'GREEN', params: { code: 'return 1', input: {} } });
    expect(checkWorkflow(crafted).issues.map((i) => i.code)).toContain('autonomy.below-floor');
    const { validation } = toGate(crafted, {}, everything);
    expect(validation?.autonomy).toBe('RED');
  });

  it('not by a firm policy that tries to lower a level', () => {
    const { validation } = toGate(redDraft, {}, { ...everything, raise: { generate_document: 'GREEN' } });
    expect(validation?.autonomy).toBe('RED');
  });

  it('a policy can raise a GREEN action to a gate', () => {
    const note = gated({ action: 'create_note', params: { workspaceId: 'ws-1', text: 'x' } });
    const first = start(note, {}, { raise: { create_note: 'ORANGE' } });
    expect(ofType(first.effects, 'action.prepare')[0]?.autonomy).toBe('ORANGE');
  });
});
