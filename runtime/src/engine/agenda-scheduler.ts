import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import type { Connection } from 'mongoose';
import { ClaimBackend, uniqueJobId } from './agenda-backend.ts';
import type { Engine } from './engine.ts';
import type { WakeScheduler } from './ports.ts';

const WAKE = 'run-wake';
const SWEEP = 'run-sweeper';
const CRON = 'workflow-cron';

/** Called when a workflow's cron trigger fires. */
export type CronHandler = (job: { tenantId: string; workflowId: string; firedAt: Date }) => Promise<void>;

/**
 * Wakes, retries and timeouts as Agenda jobs in the same database. The jobs are stored by `ClaimBackend`
 * (lookups by `_id` only, locks by unique insert — see agenda-backend.ts), or by Agenda's own MongoDB backend
 * with `backend: 'mongo'` (MongoDB only: its queries scan the whole collection on FerretDB v1). A wake
 * delivered twice counts once (the inbox and the run's applied inputs are keyed). The sweeper resumes runs
 * whose worker died (lease expired with work pending).
 */
export class AgendaScheduler implements WakeScheduler {
  readonly agenda: Agenda;
  private engine: Engine | undefined;

  constructor(
    connection: Connection,
    options: {
      processEvery?: number;
      sweepEvery?: string;
      name?: string;
      lockLifetimeMs?: number;
      backend?: 'claims' | 'mongo';
      /** How often the claims backend reloads its index (jobs scheduled by other processes). */
      refreshEveryMs?: number;
    } = {},
  ) {
    const backend =
      options.backend === 'mongo'
        ? new MongoBackend({ mongo: connection.db as never, collection: 'agenda_jobs' })
        : new ClaimBackend(connection, {
            collection: 'agenda_jobs',
            removeCompleted: [WAKE],
            ...(options.refreshEveryMs ? { refreshEveryMs: options.refreshEveryMs } : {}),
          });
    this.agenda = new Agenda({
      ...(options.name ? { name: options.name } : {}),
      backend,
      processEvery: options.processEvery ?? 1000,
      // A wake job lasts until its run has applied the timer (a few ms to seconds): a short lock lets
      // another process take over soon when this one dies.
      defaultLockLifetime: options.lockLifetimeMs ?? 10_000,
      // Bounded work per process: jobs locked ahead, and jobs running at once.
      lockLimit: 64,
      maxConcurrency: 40,
    } as never);
    this.sweepEvery = options.sweepEvery ?? '5 seconds';
    this.backendKind = options.backend ?? 'claims';
  }
  private readonly sweepEvery: string;
  private readonly backendKind: 'claims' | 'mongo';

  /** Defines the jobs for an engine and starts processing them. */
  async start(engine: Engine, sweep: () => Promise<void>, onCron?: CronHandler): Promise<void> {
    this.engine = engine;
    this.agenda.define(
      CRON,
      async (job: { attrs: { data: { tenantId: string; workflowId: string }; lastRunAt?: Date } }) => {
        await onCron?.({ ...job.attrs.data, firedAt: job.attrs.lastRunAt ?? new Date() });
      },
    );
    this.agenda.define(
      WAKE,
      async (job: { attrs: { data: { tenantId: string; runId: string; wakeId: string } } }) => {
        const { tenantId, runId, wakeId } = job.attrs.data;
        // Applied before the job ends (and is removed): until then the job is the timer's durable record.
        await this.engine?.deliverNow(tenantId, runId, { type: 'timer.fired', wakeId }, `wake:${runId}:${wakeId}`);
      },
      // Wakes mostly wait for their run's loop (the engine bounds those): several at once keep it busy.
      { concurrency: 16, lockLimit: 32 },
    );
    this.agenda.define(SWEEP, async () => sweep());
    await this.agenda.start();
    await this.agenda.every(this.sweepEvery, SWEEP);
  }

  /**
   * Runs `task` every `interval` (Agenda's interval syntax, e.g. '1 minute'): one job of its own, run by one
   * process at a time. The deadline watcher is one.
   */
  async repeat(name: string, interval: string, task: () => Promise<void>): Promise<void> {
    this.agenda.define(name, async () => task());
    await this.agenda.every(interval, name);
  }

  async stop(): Promise<void> {
    await this.agenda.stop();
  }

  async scheduleWake(job: { tenantId: string; runId: string; wakeId: string; at: Date }): Promise<void> {
    // Wake ids are unique within a run: the job is unique per (run, wake).
    await this.agenda
      .create(WAKE, job)
      .unique({ 'data.runId': job.runId, 'data.wakeId': job.wakeId })
      .schedule(job.at)
      .save();
  }

  /**
   * Schedules (or reschedules) a workflow's cron trigger in its time zone (Europe/Paris by default); one
   * job per workflow.
   */
  async scheduleCron(job: {
    tenantId: string;
    workflowId: string;
    expression: string;
    timezone?: string;
  }): Promise<void> {
    await this.agenda.cancel({ name: CRON, data: { workflowId: job.workflowId } });
    await this.agenda
      .create(CRON, { tenantId: job.tenantId, workflowId: job.workflowId })
      .repeatEvery(job.expression, { timezone: job.timezone ?? 'Europe/Paris', skipImmediate: true })
      .unique({ 'data.workflowId': job.workflowId })
      .save();
  }

  async cancelCron(workflowId: string): Promise<void> {
    await this.agenda.cancel({ name: CRON, data: { workflowId } });
  }

  async cancelWake(runId: string, wakeId: string): Promise<void> {
    if (this.backendKind === 'claims') {
      await this.agenda.cancel({ id: uniqueJobId(WAKE, { 'data.runId': runId, 'data.wakeId': wakeId }) });
    } else {
      await this.agenda.cancel({ name: WAKE, data: { runId, wakeId } });
    }
  }
}
