import type { Connection } from 'mongoose';
import { type CesedaData, NO_CESEDA_DATA } from '../cases/ceseda-data.ts';
import { checklistReaction } from '../cases/checklist-reaction.ts';
import { DeadlineWatcher } from '../cases/deadline-watcher.ts';
import { AgendaScheduler } from './agenda-scheduler.ts';
import { Engine, type EngineOptions } from './engine.ts';
import { EventService } from './event-service.ts';
import type { ActionHandlers } from './ports.ts';
import { createPolicyResolver, createWorkflowSource } from './workflow-source.ts';

/** The runtime as the server runs it: engine, Agenda (wakes, cron triggers, sweeper) and event service. */
export interface Runtime {
  engine: Engine;
  events: EventService;
  scheduler: AgendaScheduler;
  deadlines: DeadlineWatcher;
  stop(): Promise<void>;
}

/**
 * Starts the runtime on a connection with the given action handlers. `stop()` stops Agenda, waits for the
 * runs in progress and releases their leases.
 */
export async function startRuntime(
  connection: Connection,
  handlers: ActionHandlers,
  options: {
    processEvery?: number;
    sweepEvery?: string;
    lockLifetimeMs?: number;
    workerId?: string;
    leaseTtlMs?: number;
    maxConcurrentRuns?: number;
    /** How often the deadline watcher looks for deadlines due (default '1 minute'). */
    deadlineWatchEvery?: string;
    /**
     * CESEDA rules and checklists (`listRules()`, `loadChecklists()` of @iapm/presets), for ticking checklists
     * and computing urgency; without them no checklist is ticked.
     */
    ceseda?: CesedaData;
    /** Told after each saved transition (the server's live channel listens here). */
    onTransition?: EngineOptions['onTransition'];
  } = {},
): Promise<Runtime> {
  const ceseda = options.ceseda ?? NO_CESEDA_DATA;
  const scheduler = new AgendaScheduler(connection, {
    processEvery: options.processEvery ?? 500,
    ...(options.sweepEvery ? { sweepEvery: options.sweepEvery } : {}),
    ...(options.lockLifetimeMs ? { lockLifetimeMs: options.lockLifetimeMs } : {}),
  });
  let events: EventService | undefined;
  const engine = new Engine({
    connection,
    handlers,
    scheduler,
    ...(options.workerId ? { workerId: options.workerId } : {}),
    ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}),
    ...(options.maxConcurrentRuns ? { maxConcurrentRuns: options.maxConcurrentRuns } : {}),
    ...(options.onTransition ? { onTransition: options.onTransition } : {}),
    resolvePolicy: createPolicyResolver(connection),
    loadWorkflow: createWorkflowSource(connection),
    emitEvent: async (tenantId, emitted) => {
      await events?.acceptEmitted(tenantId, emitted);
    },
  });
  events = new EventService(engine, { reactions: [checklistReaction(connection, ceseda.checklists)] });
  const service = events;
  const deadlines = new DeadlineWatcher(connection, {
    ceseda,
    emit: (tenantId, event) => service.accept(tenantId, event),
  });
  await scheduler.start(
    engine,
    async () => {
      await engine.sweep();
    },
    async ({ tenantId, workflowId, firedAt }) => {
      await service.fireSchedule(tenantId, workflowId, firedAt);
    },
  );
  await scheduler.repeat('deadline-watch', options.deadlineWatchEvery ?? '1 minute', async () => {
    await deadlines.pass();
  });
  await engine.sweep();
  return {
    engine,
    events: service,
    scheduler,
    deadlines,
    stop: async () => {
      await scheduler.stop();
      await engine.stop();
    },
  };
}
