import { Types } from 'mongoose';
import type { Workflow } from '../core/types.ts';
import { getModels } from '../db/models/index.ts';
import { publishFixture, type startEngine, until } from '../engine/engine-kit.ts';
import type { ActionContext } from '../engine/ports.ts';
import type { TestDatabase } from '../testing/test-database.ts';

type App = Awaited<ReturnType<typeof startEngine>>;

/** The context the engine gives a handler, for tests that call a handler directly (idempotency, refusals). */
export function handlerContext(
  db: TestDatabase,
  tenantId: string,
  idempotencyKey: string,
  extra: Partial<ActionContext> = {},
): ActionContext {
  return {
    tenantId,
    runId: new Types.ObjectId().toHexString(),
    workflowId: new Types.ObjectId().toHexString(),
    nodeId: 'n',
    attempt: 1,
    idempotencyKey,
    connection: db.connection,
    signal: new AbortController().signal,
    now: new Date(),
    eventId: 'e-test',
    emit: async () => {},
    ...extra,
  };
}

/** A workflow `start(event) → a → b → …` running the given action nodes one after the other. */
export function chain(name: string, event: string, nodes: Record<string, unknown>[]): Workflow {
  const all: Record<string, unknown>[] = [
    { id: 'start', kind: 'trigger', event },
    ...nodes.map((n) => ({ kind: 'action', ...n })),
  ];
  return {
    schemaVersion: 1,
    name,
    nodes: all,
    edges: all.slice(1).map((n, i) => ({
      id: `e${i}`,
      source: all[i]?.id,
      target: n.id,
    })),
  } as unknown as Workflow;
}

/**
 * Publishes `workflow`, sends the event, approves every gate the run opens (as a lawyer would), and returns
 * the finished run. The workflow is disabled afterwards.
 */
export async function runThrough(
  app: App,
  db: TestDatabase,
  tenantId: string,
  workflow: Workflow,
  event: { type: string; payload: Record<string, unknown> },
  options: { approve?: boolean; timeoutMs?: number } = {},
) {
  const models = getModels(db.connection);
  const workflowId = await publishFixture(db.connection, tenantId, workflow);
  const { runs } = await app.events.accept(tenantId, event);
  // Workflows published earlier on the same trigger start runs too: follow this one's.
  const runId = runs.find((r) => r.workflowId === workflowId)?.runId as string;
  if (!runId) throw new Error('no run started');
  const decided = new Set<string>();
  await until(
    async () => {
      if (options.approve !== false) {
        for (const request of await models.ValidationRequest.find({ runId, status: 'PENDING' }).lean()) {
          if (decided.has(request.key)) continue;
          decided.add(request.key);
          await app.engine.decide(tenantId, request.key, {
            decision: 'APPROVED',
            userId: new Types.ObjectId().toHexString(),
          });
        }
      }
      const run = await models.Run.findById(runId).lean();
      return ['succeeded', 'failed', 'cancelled'].includes(run?.status ?? '');
    },
    options.timeoutMs ?? 20_000,
    'run end',
  );
  // Later events of the same test file start only their own workflow.
  await models.Workflow.updateOne({ _id: workflowId, tenantId }, { $set: { enabled: false } });
  const run = await models.Run.findById(runId).lean();
  if (!run) throw new Error('run vanished');
  return run;
}
