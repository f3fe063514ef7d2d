import type { Effect, LiveMessage as RuntimeLiveMessage, StoredRun } from '@iapm/runtime';
import type { LiveMessage } from '@iapm/schemas';

type Publish = (tenantId: string, message: LiveMessage) => void;

/** Runs whose last status and steps are remembered (the oldest are forgotten beyond). */
const MAX_TRACKED_RUNS = 10_000;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

const stepKey = (s: { status: string; endedAt?: string; wakeAt?: string; attempt?: number }) =>
  `${s.status}|${s.endedAt ?? ''}|${s.wakeAt ?? ''}|${s.attempt ?? ''}`;

/**
 * Turns the engine's saved transitions (`onTransition`) into live messages: `run.updated` when a run's status
 * changes, `run.step` for each step that started or changed, `validation.created` / `validation.decided` for
 * the gates the transition opened or closed. It remembers, per run in progress, what it last told (bounded);
 * it never throws into the engine.
 */
export function runLiveBridge(publish: Publish, now: () => Date = () => new Date()) {
  const seen = new Map<string, { status: string; steps: string[] }>();
  return (run: StoredRun, effects: Effect[]): void => {
    try {
      const state = run.state;
      const known = seen.get(run.id) ?? { status: '', steps: [] };
      const base = { runId: run.id, workflowId: run.workflowId };
      for (const [index, step] of state.steps.entries()) {
        const key = stepKey(step);
        if (known.steps[index] === key) continue;
        known.steps[index] = key;
        publish(run.tenantId, {
          type: 'run.step',
          ...base,
          step: {
            index,
            nodeId: step.nodeId,
            kind: step.kind,
            status: step.status,
            at: step.at,
            ...(step.action ? { action: step.action } : {}),
            ...(step.port ? { port: step.port } : {}),
            ...(step.autonomy ? { autonomy: step.autonomy } : {}),
            ...(step.attempt !== undefined ? { attempt: step.attempt } : {}),
            ...(step.endedAt ? { endedAt: step.endedAt } : {}),
            ...(step.wakeAt ? { wakeAt: step.wakeAt } : {}),
            ...(step.error ? { error: { code: step.error.code, message: step.error.message.slice(0, 5000) } } : {}),
          },
        });
      }
      for (const effect of effects) {
        if (effect.type === 'validation.open')
          publish(run.tenantId, {
            type: 'validation.created',
            ...base,
            key: effect.validationId,
            nodeId: effect.nodeId,
            action: effect.action,
            autonomy: effect.autonomy,
            ...(effect.dueAt ? { dueAt: effect.dueAt } : {}),
          });
        else if (effect.type === 'validation.close')
          publish(run.tenantId, {
            type: 'validation.decided',
            ...base,
            key: effect.validationId,
            status: effect.status,
          });
      }
      if (known.status !== state.status) {
        known.status = state.status;
        publish(run.tenantId, {
          type: 'run.updated',
          ...base,
          version: run.version,
          status: state.status,
          at: state.endedAt ?? now().toISOString(),
          ...(state.error
            ? {
                error: {
                  ...(state.error.nodeId ? { nodeId: state.error.nodeId } : {}),
                  code: state.error.code,
                  message: state.error.message.slice(0, 5000),
                },
              }
            : {}),
        });
      }
      if (FINISHED.has(state.status)) seen.delete(run.id);
      else {
        seen.delete(run.id);
        seen.set(run.id, known);
        if (seen.size > MAX_TRACKED_RUNS) seen.delete(seen.keys().next().value as string);
      }
    } catch {
      // A live message is a convenience: it must never stop a run.
    }
  };
}

/** The runtime's live messages (notifications published by the delivery) in the API's shape. */
export function fromRuntime(message: RuntimeLiveMessage): LiveMessage | undefined {
  if (message.type === 'notification' && message.notification && typeof message.notification === 'object')
    return { type: 'notification.created', notification: message.notification as never };
  return undefined;
}
