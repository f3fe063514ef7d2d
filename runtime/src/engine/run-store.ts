import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import type { Effect, RunInput, RunState } from '../core/types.ts';
import { claimOnce } from '../db/claims.ts';
import { bumpFirmGeneration } from '../db/firm-generation.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { applyDelta, diffState, type StateDelta } from './state-delta.ts';

/** A run as the engine holds it while working on it. */
export interface StoredRun {
  id: string;
  tenantId: string;
  workflowId: string;
  version: number;
  /** Number of the last transition. */
  seq: number;
  /** Last transition whose effects have all been executed. */
  effectsDoneSeq: number;
  state: RunState;
  parentRunId?: string;
  childKey?: string;
  /** Transition last written to the run document (the checkpoint). */
  checkpointSeq: number;
  /** Keys of the inbox inputs already applied (a repeated delivery is then dropped). */
  applied: Set<string>;
  /** Effects of the last transition, when known (they are executed again after a crash). */
  lastEffects?: Effect[];
}

export interface Subscription {
  eventType: string;
  match: Record<string, unknown>;
  filter?: unknown;
  nodeId: string;
}

/** One transition as stored: what it changed, the effects to execute, and the inbox input it applied. */
interface TransitionDoc {
  _id: string;
  runId: string;
  seq: number;
  delta: StateDelta;
  effects: Effect[];
  inputKey?: string;
  at: Date;
}

interface InboxDoc {
  _id: string;
  tenantId: string;
  runId: string;
  key: string;
  input: RunInput;
  createdAt: Date;
}

interface LeaseDoc {
  _id: string;
  owner: string;
  gen: number;
  expiresAt: Date;
}

interface SubscriptionDoc extends Subscription {
  _id: string;
  tenantId: string;
  runId: string;
  subscriptionId: string;
  /** `type|field=value` (see correlationKey). */
  key: string;
}

/** Set in the test suites: every transition checks that its delta rebuilds the new state exactly. */
const VERIFY_DELTAS = process.env.IAPM_VERIFY_DELTAS === '1';

function verifyDelta(before: RunState, delta: StateDelta, after: RunState): void {
  const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const rebuilt = canonical(applyDelta(stored(before), stored(delta)));
  if (rebuilt !== canonical(after)) throw new Error('state delta does not rebuild the new state');
}

/** JSON with object keys sorted (so that key order does not matter). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

const transitionId = (runId: string, seq: number) => `${runId}:${seq}`;
const inboxId = (runId: string, key: string) => `${runId}|${key}`;

/**
 * Persistence of runs, shaped for a database where only lookups by `_id` are cheap and documents cost what
 * they weigh (docs/database.md):
 *
 * - every transition is an insert into `run_transitions` under `runId:seq`: the unique `_id` makes it the
 *   claim (one worker only can make transition `seq`), and it holds only what changed (a `StateDelta`) and
 *   the effects to execute;
 * - the run document holds the whole state as of its `checkpointSeq`, written when the worker stops working
 *   on the run and every `checkpointEvery` transitions; loading a run rolls the later transitions forward;
 * - the inbox (`run_inputs`) holds only inputs not yet applied (applied ones are deleted; their keys stay in
 *   the run so that a repeat is dropped); leases (`run_leases`) exist only while held, and an expired one is
 *   how the sweeper finds a run whose worker died; correlated waits live in `run_subscriptions` while open.
 *
 * Transition `n + 1` is made only after the effects of transition `n` have all been executed, so only the
 * effects of the last transition can be pending.
 */
export class RunStore {
  readonly models: Models;
  readonly checkpointEvery: number;

  constructor(
    readonly connection: Connection,
    readonly owner: string,
    options: { checkpointEvery?: number } = {},
  ) {
    this.models = getModels(connection);
    this.checkpointEvery = options.checkpointEvery ?? 32;
  }

  private get transitions() {
    return this.connection.collection<TransitionDoc>('run_transitions');
  }
  private get inbox() {
    return this.connection.collection<InboxDoc>('run_inputs');
  }
  private get leases() {
    return this.connection.collection<LeaseDoc>('run_leases');
  }
  private get subscriptions() {
    return this.connection.collection<SubscriptionDoc>('run_subscriptions');
  }
  private get waitTypes() {
    return this.connection.collection<{ _id: string; tenantId: string; eventType: string; at: Date }>('routing_waits');
  }

  /**
   * Creates a run: its document is transition 1 (with the effects of the start). The caller holds the run's
   * lease (taken before, so that a crash right after leaves an expiring lease for the sweeper to find).
   */
  async create(
    fields: {
      runId: string;
      tenantId: string;
      workflowId: string;
      version: number;
      parentRunId?: string;
      childKey?: string;
      triggerEventId: string;
      depth: number;
    },
    first: { state: RunState; effects: Effect[] },
  ): Promise<boolean> {
    const { state } = first;
    try {
      await this.models.Run.create({
        _id: new Types.ObjectId(fields.runId),
        tenantId: fields.tenantId,
        workflowId: fields.workflowId,
        version: fields.version,
        status: state.status,
        state,
        startEffects: first.effects,
        triggerEventId: fields.triggerEventId,
        depth: fields.depth,
        ...(fields.parentRunId ? { parentRunId: fields.parentRunId, childKey: fields.childKey } : {}),
        startedAt: new Date(state.startedAt),
        seq: 1,
        effectsDoneSeq: 0,
        appliedInputs: [],
      });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return false;
    }
  }

  /** Loads a run: its last checkpoint, then every transition made since (after a crash, some are). */
  async load(runId: string): Promise<StoredRun | undefined> {
    const doc = await this.models.Run.findById(runId).lean();
    if (!doc) return undefined;
    const run: StoredRun = {
      id: String(doc._id),
      tenantId: String(doc.tenantId),
      workflowId: String(doc.workflowId),
      version: doc.version as number,
      seq: doc.seq as number,
      effectsDoneSeq: (doc.effectsDoneSeq as number) ?? 0,
      state: doc.state as RunState,
      checkpointSeq: doc.seq as number,
      ...((doc.seq as number) === 1 ? { lastEffects: (doc.startEffects as Effect[] | undefined) ?? [] } : {}),
      applied: new Set((doc.appliedInputs as string[] | undefined) ?? []),
      ...(doc.parentRunId ? { parentRunId: String(doc.parentRunId) } : {}),
      ...(doc.childKey ? { childKey: doc.childKey as string } : {}),
    };
    for (;;) {
      const next = await this.transitions.findOne({ _id: transitionId(runId, run.seq + 1) });
      if (!next) break;
      run.state = applyDelta(run.state, next.delta);
      run.seq = next.seq;
      run.lastEffects = next.effects;
      if (next.inputKey) run.applied.add(next.inputKey);
      // A later transition exists only once the effects of the one before it were executed.
      run.effectsDoneSeq = Math.max(run.effectsDoneSeq, run.seq - 1);
    }
    return run;
  }

  /** The effects of the run's last transition (to execute them again after a crash). */
  async lastEffects(run: StoredRun): Promise<Effect[]> {
    if (run.lastEffects) return run.lastEffects;
    const doc = await this.transitions.findOne({ _id: transitionId(run.id, run.seq) });
    run.lastEffects = doc?.effects ?? [];
    return run.lastEffects;
  }

  /** Makes transition `run.seq + 1`; 'conflict' when another worker made it first. */
  async commit(
    run: StoredRun,
    next: { state: RunState; effects: Effect[] },
    inputKey?: string,
  ): Promise<'ok' | 'conflict'> {
    const seq = run.seq + 1;
    const delta = diffState(run.state, next.state);
    if (VERIFY_DELTAS) verifyDelta(run.state, delta, next.state);
    try {
      await this.transitions.insertOne({
        _id: transitionId(run.id, seq),
        runId: run.id,
        seq,
        delta,
        effects: next.effects,
        ...(inputKey ? { inputKey } : {}),
        at: new Date(),
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return 'conflict';
      throw error;
    }
    run.seq = seq;
    run.state = next.state;
    run.lastEffects = next.effects;
    if (inputKey) run.applied.add(inputKey);
    return 'ok';
  }

  /** Writes the run document: the whole state as of the last transition, and what is done. */
  async checkpoint(run: StoredRun): Promise<void> {
    const s = run.state;
    await this.models.Run.updateOne(
      { _id: run.id },
      {
        $set: {
          seq: run.seq,
          effectsDoneSeq: run.effectsDoneSeq,
          state: s,
          status: s.status,
          appliedInputs: [...run.applied],
          ...(s.endedAt ? { endedAt: new Date(s.endedAt) } : {}),
          ...(s.error ? { error: s.error } : {}),
        },
      },
    );
    run.checkpointSeq = run.seq;
  }

  /** Stores an input in the run's inbox; false when the same key is already waiting there. */
  async enqueue(tenantId: string, runId: string, input: RunInput, key: string): Promise<boolean> {
    try {
      await this.inbox.insertOne({ _id: inboxId(runId, key), tenantId, runId, key, input, createdAt: new Date() });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /** The inputs waiting in a run's inbox, oldest first. */
  async pendingInputs(runId: string): Promise<InboxDoc[]> {
    const docs = await this.inbox.find({ runId }).limit(500).toArray();
    return docs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1));
  }

  /** Removes applied (or dropped) inputs from the inbox. */
  async removeInputs(ids: string[]): Promise<void> {
    for (const _id of ids) await this.inbox.deleteOne({ _id });
  }

  /** Inputs waiting for longer than `olderThanMs` (for the sweeper). */
  async staleInputs(now: Date, olderThanMs: number): Promise<string[]> {
    const docs = await this.inbox
      .find({}, { projection: { runId: 1, createdAt: 1 } })
      .limit(5000)
      .toArray();
    return docs.filter((d) => d.createdAt.getTime() < now.getTime() - olderThanMs).map((d) => d.runId);
  }

  /** Runs whose lease has expired (their worker died or stalled). */
  async expiredLeases(now: Date): Promise<string[]> {
    const docs = await this.leases.find({}).limit(5000).toArray();
    return docs.filter((d) => d.expiresAt < now).map((d) => d._id);
  }

  /** When the run's lease expires (epoch when nobody holds it). */
  async leaseExpiry(runId: string): Promise<Date> {
    return (await this.leases.findOne({ _id: runId }))?.expiresAt ?? new Date(0);
  }

  /**
   * Takes the run's lease for `ttlMs`. A free lease is taken by inserting its document (one taker wins); an
   * expired one by claiming its next generation, so that two workers can never both take it over.
   */
  async acquireLease(runId: string, ttlMs: number, now: Date): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    try {
      await this.leases.insertOne({ _id: runId, owner: this.owner, gen: 1, expiresAt });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    const doc = await this.leases.findOne({ _id: runId });
    if (!doc) return false; // released in between: the releaser looks at the inbox again
    if (doc.owner === this.owner) {
      await this.leases.updateOne({ _id: runId }, { $set: { expiresAt } });
      return true;
    }
    if (doc.expiresAt > now) return false;
    const claim = await claimOnce(this.connection, `lease:${runId}:${doc.gen + 1}`, this.owner);
    if (!claim.claimed) return false;
    await this.leases.updateOne({ _id: runId }, { $set: { owner: this.owner, gen: doc.gen + 1, expiresAt } });
    return true;
  }

  async renewLease(runId: string, ttlMs: number, now: Date): Promise<void> {
    await this.leases.updateOne(
      { _id: runId, owner: this.owner },
      { $set: { expiresAt: new Date(now.getTime() + ttlMs) } },
    );
  }

  async releaseLease(runId: string): Promise<void> {
    await this.leases.deleteOne({ _id: runId, owner: this.owner });
  }

  /** Opens (or, without a subscription, closes) a correlated wait of a run. */
  async setSubscription(
    tenantId: string,
    runId: string,
    subscriptionId: string,
    subscription: Subscription | undefined,
  ): Promise<void> {
    const _id = `${runId}:${subscriptionId}`;
    if (!subscription) {
      await this.subscriptions.deleteOne({ _id });
      return;
    }
    await this.markWaitType(tenantId, subscription.eventType);
    try {
      await this.subscriptions.insertOne({
        _id,
        tenantId,
        runId,
        subscriptionId,
        key: correlationKey(subscription),
        ...subscription,
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }

  /**
   * Records that the firm has correlated waits for this event type (`routing_waits`, `_id` `tenantId|type`),
   * which the event routing reads to skip the scan of `run_subscriptions` for the other types. The first wait
   * of a type bumps the firm's generation, so every process sees it from the next event. Markers are
   * kept when the waits close: a stale one costs a scan that finds nothing, never a missed wake.
   */
  private async markWaitType(tenantId: string, eventType: string): Promise<void> {
    if (this.markedWaitTypes.has(`${tenantId}|${eventType}`)) return;
    const _id = `${tenantId}|${eventType}`;
    let inserted = false;
    try {
      await this.waitTypes.insertOne({ _id, tenantId, eventType, at: new Date() });
      inserted = true;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    if (inserted) {
      try {
        await bumpFirmGeneration(this.connection, tenantId);
      } catch (error) {
        // Without the bump the marker could go unseen: remove it, so that the next wait inserts it again.
        await this.waitTypes.deleteOne({ _id }).catch(() => {});
        throw error;
      }
    }
    if (this.markedWaitTypes.size >= 10_000) this.markedWaitTypes.clear();
    this.markedWaitTypes.add(`${tenantId}|${eventType}`);
  }
  /** Markers this process knows exist (they are never removed while it runs). */
  private readonly markedWaitTypes = new Set<string>();

  /** The event types the firm has (or had) correlated waits for. */
  async waitTypesOf(tenantId: string): Promise<Set<string>> {
    const docs = await this.waitTypes.find({ tenantId }, { projection: { eventType: 1 } }).toArray();
    return new Set(docs.map((d) => d.eventType));
  }

  /** The open correlated waits an event of this type and payload may match. */
  async matchingSubscriptions(
    tenantId: string,
    type: string,
    payload: Record<string, unknown>,
  ): Promise<SubscriptionDoc[]> {
    return this.subscriptions.find({ tenantId, eventType: type, key: { $in: candidateKeys(type, payload) } }).toArray();
  }

  /** The open correlated waits of a run. */
  async subscriptionsOf(runId: string): Promise<SubscriptionDoc[]> {
    return this.subscriptions.find({ runId }).toArray();
  }
}

/**
 * The state of a run as of its last transition: the state of its document (a checkpoint) with the later
 * transitions applied. For readers (the run detail); the engine itself loads runs with `RunStore.load`.
 */
export async function liveRunState(
  connection: Connection,
  run: { _id: unknown; seq?: number | null; state?: unknown },
): Promise<RunState | undefined> {
  let state = run.state as RunState | undefined;
  if (!state) return undefined;
  const transitions = connection.collection<TransitionDoc>('run_transitions');
  for (let seq = (run.seq ?? 0) + 1; ; seq++) {
    const next = await transitions.findOne({ _id: transitionId(String(run._id), seq) });
    if (!next) return state;
    state = applyDelta(state, next.delta);
  }
}

/** `type|field=value` of a subscription's first match field (sorted), or `type|*` when it matches on nothing. */
export function correlationKey(s: { eventType: string; match: Record<string, unknown> }): string {
  const [field] = Object.keys(s.match).sort();
  return field === undefined ? `${s.eventType}|*` : `${s.eventType}|${field}=${JSON.stringify(s.match[field])}`;
}

/** The keys an incoming event can match: one per scalar payload field, plus the catch-all. */
export function candidateKeys(type: string, payload: Record<string, unknown>): string[] {
  const keys = [`${type}|*`];
  const walk = (value: unknown, prefix: string, depth: number) => {
    if (keys.length > 200 || depth > 3) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k, depth + 1);
    } else if (prefix && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      keys.push(`${type}|${prefix}=${JSON.stringify(value)}`);
    }
  };
  walk(payload, '', 0);
  return keys;
}
