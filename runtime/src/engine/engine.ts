import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { advance, startRun } from '../core/advance.ts';
import type { Effect, GateDecision, RunEvent, RunInput, RunPolicy, Workflow } from '../core/types.ts';
import { executeEffect } from './effects.ts';
import type { ActionHandlers, Clock, PolicyResolver, WakeScheduler } from './ports.ts';
import { systemClock } from './ports.ts';
import { RunStore, type StoredRun } from './run-store.ts';
import { findValidationRequest } from './validation-requests.ts';

export interface EngineOptions {
  connection: Connection;
  handlers: ActionHandlers;
  scheduler: WakeScheduler;
  resolvePolicy: PolicyResolver;
  clock?: Clock;
  /** Identifies this worker in leases and claims. */
  workerId?: string;
  leaseTtlMs?: number;
  /**
   * How many runs this worker advances at once (default 8). More only adds contention: on FerretDB v1 the
   * database makes one write at a time.
   */
  maxConcurrentRuns?: number;
  /** Loads a published workflow version (subflows, and the engine's own runs). */
  loadWorkflow: (
    tenantId: string,
    workflowId: string,
    version: number | 'latest',
  ) => Promise<{ version: number; document: Workflow } | undefined>;
  /** Where emitted events go (the event service); without it they are dropped. */
  emitEvent?: (
    tenantId: string,
    event: {
      type: string;
      payload: Record<string, unknown>;
      causation: string[];
      emittedBy: { runId: string; workflowId: string };
    },
  ) => Promise<void>;
  /** Told after each saved transition (the live channel listens here). */
  onTransition?: (run: StoredRun, effects: Effect[]) => void;
}

/**
 * The durable engine: the only loop. For one run at a time (under its lease): take the next input from the
 * run's inbox, advance the pure core, claim and save the transition, execute its effects (whose results go
 * back to the inbox), repeat. Several workers, in one process or several, can share a database.
 */
export class Engine {
  readonly store: RunStore;
  readonly workerId: string;
  readonly clock: Clock;
  private readonly leaseTtlMs: number;
  private readonly maxConcurrentRuns: number;
  private readonly active = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(readonly options: EngineOptions) {
    this.workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
    this.clock = options.clock ?? systemClock;
    this.leaseTtlMs = options.leaseTtlMs ?? 30_000;
    this.maxConcurrentRuns = options.maxConcurrentRuns ?? 8;
    this.store = new RunStore(options.connection, this.workerId);
  }

  /**
   * Starts a run of a published version on an event. The run id comes from `startKey`, so the same key never
   * starts a second run (a repeat returns the same id with `started: false`).
   */
  async startRun(params: {
    tenantId: string;
    workflowId: string;
    version: number;
    document: Workflow;
    event: RunEvent;
    policy?: RunPolicy;
    parent?: { runId: string; childKey: string; depth: number };
    startKey: string;
  }): Promise<{ runId: string; started: boolean }> {
    const runId = runIdFor(params.startKey);
    // The lease comes first: if this process dies before the run's first effects are executed, the
    // expiring lease is what leads the sweeper to the run. A lease already held means the run is being
    // started or worked on elsewhere.
    const leasedAt = this.clock.now();
    if (!(await this.store.acquireLease(runId, this.leaseTtlMs, leasedAt))) return { runId, started: false };
    const policy = params.policy ?? (await this.options.resolvePolicy(params.tenantId));
    const first = startRun(
      params.document,
      {
        runId,
        workflowId: params.workflowId,
        version: params.version,
        event: params.event,
        policy,
        depth: params.parent?.depth ?? 0,
      },
      this.clock.now().toISOString(),
    );
    const fields = {
      runId,
      tenantId: params.tenantId,
      workflowId: params.workflowId,
      version: params.version,
      triggerEventId: params.event.id,
      depth: params.parent?.depth ?? 0,
      ...(params.parent ? { parentRunId: params.parent.runId, childKey: params.parent.childKey } : {}),
    };
    const created = await this.store.create(fields, first);
    if (created) {
      // The first loop goes on from here: no need to take the lease again or read back what was just written.
      const run: StoredRun = {
        id: runId,
        tenantId: params.tenantId,
        workflowId: params.workflowId,
        version: params.version,
        seq: 1,
        effectsDoneSeq: 0,
        state: first.state,
        checkpointSeq: 1,
        applied: new Set(),
        lastEffects: first.effects,
        ...(params.parent ? { parentRunId: params.parent.runId, childKey: params.parent.childKey } : {}),
      };
      this.fresh.set(runId, { leasedUntil: leasedAt.getTime() + this.leaseTtlMs, run });
      // The first state is a transition too (a run may even end in it: a trigger straight to its end).
      this.options.onTransition?.(run, first.effects);
    }
    this.kick(runId);
    return { runId, started: created };
  }
  /** Runs this worker has just created, with their lease: their first loop starts from memory. */
  private readonly fresh = new Map<string, { run: StoredRun; leasedUntil: number }>();

  /** Delivers an input to a run's inbox (once per key) and wakes the run. */
  async deliver(tenantId: string, runId: string, input: RunInput, key: string): Promise<boolean> {
    const stored = await this.store.enqueue(tenantId, runId, input, key);
    this.inboxDirty.add(runId);
    this.kick(runId);
    return stored;
  }

  /**
   * Hands an input to the run's loop in this process and resolves once it is applied (its transition saved),
   * so that the caller's own record can serve as the durable one until then (a wake job is removed only after
   * this). When the run is being worked on elsewhere, or it takes longer than `waitMs`, the input goes to the
   * inbox instead (a copy applied twice counts once: the key).
   */
  async deliverNow(tenantId: string, runId: string, input: RunInput, key: string, waitMs = 5_000): Promise<void> {
    if (this.stopped) {
      await this.deliver(tenantId, runId, input, key);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const applied = new Promise<boolean>((resolve) => {
      const list = this.direct.get(runId) ?? [];
      list.push({ input, key, done: resolve });
      this.direct.set(runId, list);
      timer = setTimeout(() => resolve(false), waitMs);
    });
    this.kick(runId);
    const ok = await applied;
    clearTimeout(timer);
    if (!ok) await this.deliver(tenantId, runId, input, key);
  }
  /** Inputs handed over by `deliverNow`, waiting for their run's loop. */
  private readonly direct = new Map<string, { input: RunInput; key: string; done: (applied: boolean) => void }[]>();
  /** Runs whose inbox received something since their loop last read it. */
  private readonly inboxDirty = new Set<string>();

  /** Hands back the inputs of `deliverNow` that this loop will not apply (they go to the inbox). */
  private giveBack(runId: string, queue: QueuedInput[] = []): void {
    for (const item of queue) item.done?.(false);
    for (const item of this.direct.get(runId) ?? []) item.done(false);
    this.direct.delete(runId);
  }

  /**
   * Schedules processing of a run in this process: one loop per run at a time (a kick during its loop is
   * remembered), and at most `maxConcurrentRuns` loops at once (the others wait their turn, in order).
   */
  kick(runId: string): void {
    if (this.stopped) return;
    if (this.active.has(runId)) {
      this.pending.add(runId);
      return;
    }
    if (this.active.size >= this.maxConcurrentRuns) {
      this.queued.add(runId);
      return;
    }
    this.queued.delete(runId);
    const loop = this.process(runId)
      .catch((error) => this.report(runId, error))
      .finally(() => {
        this.active.delete(runId);
        if (this.pending.delete(runId)) this.kick(runId);
        const [next] = this.queued;
        if (next !== undefined && this.active.size < this.maxConcurrentRuns) this.kick(next);
      });
    this.active.set(runId, loop);
  }
  /** Runs kicked during their own loop (kicked again when it ends). */
  private readonly pending = new Set<string>();
  /** Runs waiting for a free loop (insertion order). */
  private readonly queued = new Set<string>();

  /** Resolves when no run is being processed or waiting to be by this worker. */
  async idle(): Promise<void> {
    while (this.active.size > 0 || this.queued.size > 0) {
      if (this.active.size === 0) for (const id of [...this.queued]) this.kick(id);
      await Promise.allSettled([...this.active.values()]);
    }
  }

  /** Stops taking work; waits for the loops in progress and releases their leases. */
  async stop(): Promise<void> {
    this.stopped = true;
    // Runs still waiting for a loop are left to the next start (their inputs wait in their inbox).
    this.queued.clear();
    for (const runId of [...this.direct.keys()]) if (!this.active.has(runId)) this.giveBack(runId);
    await this.idle();
  }

  /**
   * Resumes what a dead worker left: runs whose lease has expired (the worker died while working on them)
   * and inputs left waiting in an inbox for more than a second with nobody working on their run. Run
   * periodically (the Agenda sweeper) and at start-up.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const ids = new Set(await this.store.expiredLeases(now));
    for (const runId of await this.store.staleInputs(now, 1000)) {
      if (!ids.has(runId) && (await this.store.leaseExpiry(runId)) < now) ids.add(runId);
    }
    for (const id of ids) this.kick(id);
    return ids.size;
  }

  /** Runs of a firm that look stuck: their worker died (lease expired), or inputs wait for more than a minute. */
  async stuckRuns(tenantId: string): Promise<{ runId: string; status: string; updatedAt: Date; reason: string }[]> {
    const now = this.clock.now();
    const reasons = new Map<string, string>();
    for (const id of await this.store.expiredLeases(now)) reasons.set(id, 'worker-lost');
    for (const id of await this.store.staleInputs(now, 60_000)) if (!reasons.has(id)) reasons.set(id, 'inputs-pending');
    const stuck: { runId: string; status: string; updatedAt: Date; reason: string }[] = [];
    for (const [runId, reason] of reasons) {
      const run = await this.store.models.Run.findById(runId, { tenantId: 1, status: 1, updatedAt: 1 }).lean();
      if (!run || String(run.tenantId) !== tenantId) continue;
      stuck.push({ runId, status: run.status, updatedAt: run.updatedAt as Date, reason });
    }
    return stuck;
  }

  /** Asks a run to stop (once). */
  async cancel(tenantId: string, runId: string, reason = 'cancelled by an operator'): Promise<boolean> {
    const run = await this.store.models.Run.findById(runId, { tenantId: 1 }).lean();
    if (!run || String(run.tenantId) !== tenantId) return false;
    await this.deliver(tenantId, runId, { type: 'run.cancel', reason }, `cancel:${runId}`);
    return true;
  }

  /** Puts a failed run back on its failed step. */
  async retry(tenantId: string, runId: string): Promise<boolean> {
    const run = await this.store.models.Run.findById(runId, { tenantId: 1, status: 1, seq: 1 }).lean();
    if (!run || String(run.tenantId) !== tenantId || run.status !== 'failed') return false;
    await this.deliver(tenantId, runId, { type: 'run.retry' }, `retry:${runId}:${run.seq}`);
    return true;
  }

  /**
   * A decision at a gate: a person's (APPROVED, MODIFIED_APPROVED, REJECTED — `userId` names them), or the
   * firm's policy's (AUTO_APPROVED — `userId` optional: the run or nobody). Returns 'not-found' (no such gate
   * in this firm), 'conflict' (decided first by someone else), 'refused' (an automatic approval of a gate that
   * is not ORANGE: a RED action is approved by a person only, and a GREEN one has no gate) or 'ok'. The
   * edited params of MODIFIED_APPROVED must be checked by the caller.
   */
  async decide(
    tenantId: string,
    validationKey: string,
    decision: {
      decision: GateDecision;
      params?: unknown;
      userId?: string;
      comment?: string;
    },
  ): Promise<'ok' | 'not-found' | 'conflict' | 'refused'> {
    if (decision.decision !== 'AUTO_APPROVED' && !decision.userId) {
      throw new Error(`a ${decision.decision} decision names the person who made it`);
    }
    const { models } = this.store;
    const request = await findValidationRequest(models, tenantId, validationKey);
    if (!request) return 'not-found';
    // Checked before anything is written; the core refuses it again when it applies the decision.
    if (decision.decision === 'AUTO_APPROVED' && request.autonomy !== 'ORANGE') return 'refused';
    if (request.status !== 'PENDING') return 'conflict';
    const decidedAt = this.clock.now();
    const stored = await this.store.enqueue(
      tenantId,
      String(request.runId),
      {
        type: 'decision',
        nodeId: request.nodeId,
        validationId: validationKey,
        decision: decision.decision,
        ...(decision.decision === 'MODIFIED_APPROVED' ? { params: decision.params } : {}),
        ...(decision.userId ? { decidedBy: decision.userId } : {}),
        decidedAt: decidedAt.toISOString(),
        ...(decision.comment ? { comment: decision.comment } : {}),
      },
      `decision:${validationKey}`,
    );
    if (!stored) return 'conflict';
    await models.ValidationRequest.updateOne(
      { _id: request._id },
      {
        $set: {
          status: decision.decision,
          ...(decision.userId && /^[0-9a-f]{24}$/i.test(decision.userId) ? { decidedBy: decision.userId } : {}),
          decidedAt,
          ...(decision.comment ? { comment: decision.comment } : {}),
          finalParams: decision.decision === 'MODIFIED_APPROVED' ? decision.params : request.preparedParams,
        },
      },
    );
    this.kick(String(request.runId));
    return 'ok';
  }

  private report(runId: string, error: unknown): void {
    process.stderr.write(`engine: run ${runId}: ${(error as Error)?.stack ?? String(error)}\n`);
  }

  /** The loop for one run, under its lease. */
  private async process(runId: string): Promise<void> {
    const fresh = this.fresh.get(runId);
    this.fresh.delete(runId);
    const now = this.clock.now();
    if (fresh && fresh.leasedUntil - now.getTime() > (2 * this.leaseTtlMs) / 3) {
      // Just created here, under a lease still young.
    } else if (!(await this.store.acquireLease(runId, this.leaseTtlMs, now))) {
      this.giveBack(runId);
      return;
    }
    const renew = setInterval(
      () => void this.store.renewLease(runId, this.leaseTtlMs, this.clock.now()).catch(() => {}),
      this.leaseTtlMs / 3,
    );
    let finished = false;
    const queue: QueuedInput[] = [];
    try {
      const run = fresh?.run ?? (await this.store.load(runId));
      if (!run) {
        finished = true;
        return;
      }
      const workflow = await this.options.loadWorkflow(run.tenantId, run.workflowId, run.version);
      if (!workflow) throw new Error(`workflow ${run.workflowId} v${run.version} not found`);
      const doneSeq = run.effectsDoneSeq;
      if (run.effectsDoneSeq < run.seq) await this.executeEffects(run, await this.store.lastEffects(run), queue);
      // A run created a moment ago has nothing in its inbox yet (what arrives is picked up as it arrives).
      let lookInInbox = !fresh;
      for (let guard = 0; guard < 100_000 && !this.stopped; guard++) {
        // The inbox is read when the queue runs dry, and at once when an input was delivered meanwhile
        // (a cancellation must not wait for a long chain of actions).
        const handed = this.direct.get(runId);
        if (handed) {
          this.direct.delete(runId);
          queue.unshift(...handed);
        }
        if (this.inboxDirty.delete(runId) || (lookInInbox && queue.length === 0)) {
          lookInInbox = false;
          const queued = new Set(queue.map((q) => q.key));
          const fresh: QueuedInput[] = [];
          for (const doc of await this.store.pendingInputs(runId)) {
            if (run.applied.has(doc.key)) await this.store.removeInputs([doc._id]);
            else if (!queued.has(doc.key)) fresh.push({ input: doc.input, key: doc.key, inboxId: doc._id });
          }
          queue.unshift(...fresh);
        }
        const next = queue.shift();
        if (!next) break;
        if (next.key && run.applied.has(next.key)) {
          if (next.inboxId) await this.store.removeInputs([next.inboxId]);
          next.done?.(true);
          continue;
        }
        const result = advance(workflow.document, run.state, next.input, this.clock.now().toISOString());
        if ((await this.store.commit(run, result, next.key)) === 'conflict') {
          // Another worker made this transition: it owns the run now.
          finished = true;
          return;
        }
        next.done?.(true);
        if (next.inboxId) await this.store.removeInputs([next.inboxId]);
        this.options.onTransition?.(run, result.effects);
        await this.executeEffects(run, result.effects, queue);
        if (queue.length === 0) lookInInbox = true;
        if (run.seq - run.checkpointSeq >= this.store.checkpointEvery) await this.store.checkpoint(run);
      }
      if (run.seq !== run.checkpointSeq || run.effectsDoneSeq !== doneSeq) await this.store.checkpoint(run);
      finished = true;
    } finally {
      clearInterval(renew);
      if (!finished || this.stopped) this.giveBack(runId, queue);
      // After a failure the lease is kept until it expires: the sweeper then takes the run up again.
      if (finished) await this.store.releaseLease(runId);
    }
  }

  /** Executes the effects of the run's last transition; results for the run itself join the queue. */
  private async executeEffects(run: StoredRun, effects: Effect[], queue: QueuedInput[]): Promise<void> {
    for (const effect of effects) await executeEffect(this, run, effect, (input) => queue.push({ input }));
    run.effectsDoneSeq = run.seq;
  }
}

/** The id of the run started under `startKey` (an ObjectId-shaped digest: the same key, the same run). */
export function runIdFor(startKey: string): string {
  return createHash('sha256').update(`run:${startKey}`).digest('hex').slice(0, 24);
}

/** An input waiting to be applied by the loop: from the run's own effects, or from its inbox. */
interface QueuedInput {
  input: RunInput;
  key?: string;
  inboxId?: string;
  /** For an input handed over by `deliverNow`: told whether it was applied. */
  done?: (applied: boolean) => void;
}
