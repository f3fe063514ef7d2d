import { findAction } from '@iapm/schemas';
import { appendAudit } from '../audit/audit-log.ts';
import type { Step } from '../core/types.ts';
import { claimOnce } from '../db/claims.ts';
import { findOwned } from '../db/owned.ts';
import type { ActionContext, ActionHandlers } from '../engine/ports.ts';
import { type CompensableHandler, defineHandler, keyedObjectId } from './define.ts';
import { failure } from './outside.ts';

interface AuditParams {
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
}
interface AuditOutput {
  entryId: string;
  sequence: number;
  hash: string;
}
type Outcome = 'compensated' | 'failed' | 'skipped';
interface RollbackOutput {
  compensated: { nodeId: string; action: string; status: Outcome }[];
}

/** The completed action steps of a run, latest first (by end time, then by position). */
export function completedActionSteps(steps: Step[], exceptNodeId: string): { step: Step; index: number }[] {
  return steps
    .map((step, index) => ({ step, index }))
    .filter(({ step }) => step.kind === 'action' && step.status === 'succeeded' && step.action)
    .filter(({ step }) => step.nodeId !== exceptNodeId && step.action !== 'rollback')
    .sort((a, b) => {
      const byEnd = (b.step.endedAt ?? b.step.at).localeCompare(a.step.endedAt ?? a.step.at);
      return byEnd !== 0 ? byEnd : b.index - a.index;
    });
}

/** Runs one step's compensation at most once per run (a second rollback reports the first outcome). */
async function compensateOnce(
  context: ActionContext,
  handler: CompensableHandler | undefined,
  step: Step,
  index: number,
): Promise<Outcome> {
  const key = `compensation:${context.tenantId}:${context.runId}:${index}`;
  const claimed = await claimOnce(context.connection, key, context.idempotencyKey);
  if (!claimed.claimed && claimed.existing?.result !== undefined) return claimed.existing.result as Outcome;
  let outcome: Outcome;
  if (!handler?.compensate) outcome = 'failed';
  else {
    try {
      // What was performed: the params a lawyer edited at the gate, else those prepared.
      const params = step.validation?.finalParams ?? step.input;
      await handler.compensate({ params, output: step.output }, context);
      outcome = 'compensated';
    } catch {
      outcome = 'failed';
    }
  }
  if (outcome === 'failed') {
    // Let a later rollback try again.
    await context.connection.collection<{ _id: string }>('claims').deleteOne({ _id: key });
  } else {
    await context.connection
      .collection<{ _id: string; result?: unknown }>('claims')
      .updateOne({ _id: key }, { $set: { result: outcome, completedAt: new Date() } });
  }
  return outcome;
}

/**
 * audit_trail: appends to the firm's audit log (one entry per execution, its id derived from the idempotency
 * key). rollback: reads the run's completed steps and, latest first, runs the compensation of each
 * compensable one; the others are reported `skipped` (an email cannot be unsent).
 */
export function systemHandlers(handlers: () => ActionHandlers): ActionHandlers {
  return {
    audit_trail: defineHandler<AuditParams, AuditOutput>('audit_trail', async ({ params, context }) => {
      const entry = await appendAudit(context.connection, context.tenantId, {
        actor: { kind: 'workflow', id: context.workflowId },
        action: params.action,
        target: { type: params.subjectType, id: params.subjectId },
        details: { ...(params.details ?? {}), runId: context.runId, nodeId: context.nodeId },
        at: context.now,
        entryId: keyedObjectId(`${context.idempotencyKey}:audit`),
      });
      return { entryId: entry.entryId, sequence: entry.sequence, hash: entry.hash };
    }),
    rollback: defineHandler<{ reason: string }, RollbackOutput>('rollback', async ({ context, models, tenantId }) => {
      // The engine hands over the live steps; the run document (written at checkpoints) is the fallback.
      const run = context.steps
        ? { state: { steps: [...context.steps] } }
        : await findOwned<{ state?: { steps?: Step[] } }>(models.Run, context.runId, tenantId, { 'state.steps': 1 });
      if (!run) {
        throw failure(
          'rollback.no-run',
          "L'exécution à annuler est introuvable.",
          'The run to roll back cannot be found.',
        );
      }
      const steps = run.state?.steps ?? [];
      const registry = handlers();
      const compensated: RollbackOutput['compensated'] = [];
      for (const { step, index } of completedActionSteps(steps, context.nodeId)) {
        const action = step.action as string;
        const status: Outcome = findAction(action)?.compensable
          ? await compensateOnce(context, registry[action] as CompensableHandler | undefined, step, index)
          : 'skipped';
        compensated.push({ nodeId: step.nodeId, action, status });
      }
      return { compensated };
    }),
  };
}
