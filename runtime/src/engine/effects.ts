import type { Effect, RunInput } from '../core/types.ts';
import type { Engine } from './engine.ts';
import { EventRejected } from './event-service.ts';
import { type ActionContext, ActionError } from './ports.ts';
import type { StoredRun } from './run-store.ts';
import { findValidationRequest, validationRequestIdFor } from './validation-requests.ts';

const errorOf = (error: unknown) => ({
  code: error instanceof ActionError ? error.code : ((error as { code?: string }).code ?? 'action.error'),
  message: (error as Error)?.message ?? String(error),
  retryable: error instanceof ActionError ? error.retryable : true,
  ...(error instanceof ActionError && error.text ? { text: error.text } : {}),
  ...(error instanceof ActionError && error.pointer ? { pointer: error.pointer } : {}),
});

/**
 * Executes one effect of transition `run.seq`. Executing the same effect twice — after a crash — has the
 * effect of once: handlers receive the same idempotency key, records are keyed, inputs for other runs go to
 * their inbox under a key. Results for the run itself go to `deliver` (the loop applies them next).
 */
export async function executeEffect(
  engine: Engine,
  run: StoredRun,
  effect: Effect,
  deliver: (input: RunInput) => void,
): Promise<void> {
  const { options, store } = engine;
  const context = (nodeId: string, attempt: number, idempotencyKey: string, signal: AbortSignal): ActionContext => ({
    tenantId: run.tenantId,
    runId: run.id,
    workflowId: run.workflowId,
    nodeId,
    attempt,
    idempotencyKey,
    connection: options.connection,
    signal,
    now: engine.clock.now(),
    eventId: run.state.event.id,
    steps: run.state.steps,
    // The decision is recorded as this run's: a policy's approval, not a person's.
    decide: (validationKey, decision) =>
      engine.decide(run.tenantId, validationKey, {
        decision: 'AUTO_APPROVED',
        userId: run.id,
        comment: decision.comment,
      }),
    emit: async (type, payload) => {
      try {
        await options.emitEvent?.(run.tenantId, {
          type,
          payload,
          causation: [...run.state.event.causation, run.state.event.id],
          emittedBy: { runId: run.id, workflowId: run.workflowId },
        });
      } catch (error) {
        // An event its schema refuses will be refused again on every attempt: the action fails for good,
        // with the pointers of what was refused, and the node's error port decides what follows.
        if (error instanceof EventRejected) throw rejectedEvent(type, error);
        throw error;
      }
    },
  });
  switch (effect.type) {
    case 'action.prepare': {
      const handler = options.handlers[effect.action];
      try {
        const prepared = handler?.prepare
          ? await handler.prepare(
              effect.params,
              context(effect.nodeId, 1, `${run.id}:${effect.nodeId}:prepare:${run.seq}`, AbortSignal.timeout(30_000)),
            )
          : { params: effect.params };
        deliver({ type: 'action.prepared', nodeId: effect.nodeId, ...prepared });
      } catch (error) {
        deliver({ type: 'action.failed', nodeId: effect.nodeId, attempt: 1, error: errorOf(error) });
      }
      return;
    }
    case 'action.perform': {
      const handler = options.handlers[effect.action];
      if (!handler) {
        deliver({
          type: 'action.failed',
          nodeId: effect.nodeId,
          attempt: effect.attempt,
          error: { code: 'action.unknown', message: `no handler for ${effect.action}`, retryable: false },
        });
        return;
      }
      const controller = new AbortController();
      const timer = setTimeout(
        () =>
          controller.abort(
            new ActionError('action.timeout', {
              fr: `Pas de réponse en ${effect.timeoutSeconds} s.`,
              en: `No answer within ${effect.timeoutSeconds} s.`,
            }),
          ),
        effect.timeoutSeconds * 1000,
      );
      try {
        const aborted = new Promise<never>((_, reject) =>
          controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
        );
        const output = await Promise.race([
          handler.perform(
            effect.params,
            context(effect.nodeId, effect.attempt, effect.idempotencyKey, controller.signal),
          ),
          aborted,
        ]);
        deliver({
          type: 'action.succeeded',
          nodeId: effect.nodeId,
          attempt: effect.attempt,
          output: output ?? {},
        });
      } catch (error) {
        deliver({ type: 'action.failed', nodeId: effect.nodeId, attempt: effect.attempt, error: errorOf(error) });
      } finally {
        clearTimeout(timer);
      }
      return;
    }
    case 'wake.schedule':
      await options.scheduler.scheduleWake({
        tenantId: run.tenantId,
        runId: run.id,
        wakeId: effect.wakeId,
        at: new Date(effect.at),
      });
      return;
    case 'wake.cancel':
      await options.scheduler.cancelWake(run.id, effect.wakeId);
      return;
    case 'validation.open':
      try {
        await store.models.ValidationRequest.create({
          _id: validationRequestIdFor(run.tenantId, effect.validationId),
          tenantId: run.tenantId,
          key: effect.validationId,
          runId: run.id,
          workflowId: run.workflowId,
          nodeId: effect.nodeId,
          action: effect.action,
          autonomy: effect.autonomy,
          status: 'PENDING',
          urgencyRank: effect.autonomy === 'RED' ? 1 : 2,
          preparedParams: effect.preparedParams ?? {},
          ...(effect.confidence !== undefined ? { confidence: effect.confidence } : {}),
          ...(effect.preview !== undefined ? { preview: effect.preview } : {}),
          ...(effect.provenance ? { provenance: effect.provenance } : {}),
          ...(effect.dueAt ? { dueAt: new Date(effect.dueAt) } : {}),
          ...(effect.instructions ? { instructions: effect.instructions } : {}),
          ...(isObjectId(effect.assigneeId) ? { assigneeId: effect.assigneeId } : {}),
          ...(isObjectId(effect.workspaceId) ? { workspaceId: effect.workspaceId } : {}),
        });
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
      return;
    case 'validation.close': {
      // By `_id` (derived from the firm and the gate key), the firm and the status checked here.
      const request = await findValidationRequest(store.models, run.tenantId, effect.validationId, { status: 1 });
      if (request?.status !== 'PENDING') return;
      await store.models.ValidationRequest.updateOne(
        { _id: request._id },
        {
          $set: {
            status: effect.status,
            ...(effect.finalParams !== undefined ? { finalParams: effect.finalParams } : {}),
          },
        },
      );
      return;
    }
    case 'child.start': {
      const child = await options.loadWorkflow(run.tenantId, effect.workflowId, effect.version);
      if (!child) {
        if (effect.wait) {
          deliver({
            type: 'child.finished',
            childKey: effect.childKey,
            status: 'failed',
            output: { error: `workflow ${effect.workflowId} is not published` },
          });
        }
        return;
      }
      const trigger = child.document.nodes.find((n) => n.kind === 'trigger') as { event?: string } | undefined;
      await engine.startRun({
        tenantId: run.tenantId,
        workflowId: effect.workflowId,
        version: child.version,
        document: child.document,
        event: {
          id: effect.childKey,
          type: trigger?.event ?? 'system:scheduled',
          payload: (effect.input ?? {}) as Record<string, unknown>,
          occurredAt: engine.clock.now().toISOString(),
          causation: [...run.state.event.causation, run.state.event.id],
        },
        policy: run.state.policy,
        startKey: effect.childKey,
        ...(effect.wait ? { parent: { runId: run.id, childKey: effect.childKey, depth: effect.depth } } : {}),
      });
      return;
    }
    case 'event.subscribe':
      await store.setSubscription(run.tenantId, run.id, effect.subscriptionId, {
        eventType: effect.eventType,
        match: effect.match,
        nodeId: effect.nodeId,
        ...(effect.filter !== undefined ? { filter: effect.filter } : {}),
      });
      return;
    case 'event.unsubscribe':
      await store.setSubscription(run.tenantId, run.id, effect.subscriptionId, undefined);
      return;
    case 'event.emit':
      try {
        await options.emitEvent?.(run.tenantId, {
          type: effect.eventType,
          payload: effect.payload,
          causation: effect.causation,
          emittedBy: { runId: run.id, workflowId: run.workflowId },
        });
      } catch (error) {
        // The run's own announcement (a gate decided) refused by its schema: executing the effect again would
        // be refused again, so the run goes on without it, and the refusal is reported.
        if (!(error instanceof EventRejected)) throw error;
        process.stderr.write(`engine: run ${run.id}: ${rejectedEvent(effect.eventType, error).message}\n`);
      }
      return;
    case 'run.finished':
      if (run.parentRunId && run.childKey) {
        await engine.deliver(
          run.tenantId,
          run.parentRunId,
          {
            type: 'child.finished',
            childKey: run.childKey,
            status: effect.status,
            runId: run.id,
            ...(effect.output ? { output: effect.output } : {}),
          },
          `child:${run.childKey}`,
        );
      }
      return;
  }
}

/** The failure of an action whose emitted event its schema refused: final, with the refused pointers. */
function rejectedEvent(type: string, error: EventRejected): ActionError {
  const fr = error.issues.map((i) => `${i.pointer || '/'} : ${i.message?.fr ?? i.code}`).join(' ; ');
  const en = error.issues.map((i) => `${i.pointer || '/'}: ${i.message?.en ?? i.code}`).join('; ');
  return new ActionError(
    'event.rejected',
    `Événement « ${type} » refusé par son schéma — ${fr} | Event "${type}" refused by its schema — ${en}`,
    false,
  );
}

/** Ids stored as ObjectIds (a document may name an assignee or case by another kind of id: not kept then). */
const isObjectId = (id: string | undefined): id is string => id !== undefined && /^[0-9a-f]{24}$/i.test(id);
