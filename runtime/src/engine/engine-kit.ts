import type { Connection } from 'mongoose';
import type { CesedaData } from '../cases/ceseda-data.ts';
import type { Workflow } from '../core/types.ts';
import { getModels } from '../db/models/index.ts';
import { ActionError, type ActionHandlers } from './ports.ts';
import { startRuntime } from './start.ts';

/**
 * Wiring and fixtures for the engine's integration tests (and the crash-test worker): a firm, published
 * workflows, and recording action handlers that act once per idempotency key like a real adapter.
 */
export async function createTenantFixture(
  connection: Connection,
  config: Record<string, unknown> = {},
): Promise<string> {
  const tenant = await getModels(connection).Tenant.create({
    name: 'Cabinet Test',
    slug: `test-${Math.random().toString(36).slice(2, 10)}`,
    config,
  });
  return String(tenant._id);
}

/** Stores a workflow as published version 1 (enabled), bypassing the studio — as a migration or an import would. */
export async function publishFixture(
  connection: Connection,
  tenantId: string,
  document: Workflow,
  options: { enabled?: boolean } = {},
): Promise<string> {
  const models = getModels(connection);
  const trigger = document.nodes.find((n) => n.kind === 'trigger') as { event?: string } | undefined;
  const wf = await models.Workflow.create({
    tenantId,
    name: document.name,
    draft: document,
    status: 'published',
    enabled: options.enabled ?? true,
    publishedVersion: 1,
    triggerEvent: trigger?.event,
  });
  await models.WorkflowVersion.create({
    tenantId,
    workflowId: wf._id,
    version: 1,
    document: { ...document, id: String(wf._id) },
    publishedAt: new Date(),
  });
  return String(wf._id);
}

/**
 * Handlers that record each action in `side_effects`, once per idempotency key (the second time a key is
 * handed over, nothing more is done), and count every hand-over in `handovers`.
 */
export function recordingHandlers(
  connection: Connection,
  options: { delayMs?: number; failFirst?: Set<string> } = {},
): ActionHandlers {
  const perform = async (
    action: string,
    params: unknown,
    ctx: { idempotencyKey: string; nodeId: string; attempt: number; runId: string },
  ) => {
    await connection.collection('handovers').insertOne({ key: ctx.idempotencyKey, action, at: new Date() });
    if (options.failFirst?.has(ctx.nodeId) && ctx.attempt === 1) {
      options.failFirst.delete(ctx.nodeId);
      throw new ActionError('test.failure', 'first attempt fails', false);
    }
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    // The side effect is the keyed write itself: done completely once, or not at all (a crash before it
    // means the next hand-over does it; a crash after it means the next hand-over finds it done).
    try {
      await connection.collection<{ _id: string; [field: string]: unknown }>('side_effects').insertOne({
        _id: ctx.idempotencyKey,
        key: ctx.idempotencyKey,
        runId: ctx.runId,
        nodeId: ctx.nodeId,
        action,
        params,
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    return { recorded: ctx.idempotencyKey };
  };
  const handlers: ActionHandlers = {};
  for (const action of [
    'create_note',
    'log_event',
    'create_task',
    'generate_document',
    'send_email',
    'run_script',
    'create_alert',
  ]) {
    handlers[action] = { perform: (params, ctx) => perform(action, params, ctx) };
  }
  return handlers;
}

/** The runtime with settings for tests: fast polling, short locks and a sweep every second. */
export function startEngine(
  connection: Connection,
  options: {
    handlers: ActionHandlers;
    workerId?: string;
    leaseTtlMs?: number;
    processEvery?: number;
    maxConcurrentRuns?: number;
    ceseda?: CesedaData;
    deadlineWatchEvery?: string;
  },
) {
  return startRuntime(connection, options.handlers, {
    processEvery: options.processEvery ?? 100,
    sweepEvery: '1 second',
    lockLifetimeMs: 2_000,
    ...(options.ceseda ? { ceseda: options.ceseda } : {}),
    ...(options.deadlineWatchEvery ? { deadlineWatchEvery: options.deadlineWatchEvery } : {}),
    ...(options.workerId ? { workerId: options.workerId } : {}),
    ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}),
    ...(options.maxConcurrentRuns ? { maxConcurrentRuns: options.maxConcurrentRuns } : {}),
  });
}

/** Polls until `check` returns true (or fails after `timeoutMs`). */
export async function until(check: () => Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
