import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import type { Effect, RunInput, RunState } from '../core/types.ts';
import { claimOnce, readClaim } from '../db/claims.ts';
import { getModels, type Models } from '../db/models/index.ts';

/** A run as the engine reads it back. */
export interface StoredRun {
  id: string;
  tenantId: string;
  workflowId: string;
  version: number;
  seq: number;
  effectsDoneSeq: number;
  state: RunState;
  parentRunId?: string;
  childKey?: string;
  subscriptions: Record<string, Subscription>;
}

export interface Subscription {
  eventType: string;
  match: Record<string, unknown>;
  filter?: unknown;
  nodeId: string;
}

/** The claimed record of one state transition: the new state and the effects to execute. */
interface Transition {
  state: RunState;
  effects: Effect[];
  inputId?: string;
}

const transitionKey = (runId: string, seq: number) => `transition:${runId}:${seq}`;

/**
 * Persistence of runs. Every state transition `seq` is first claimed (with its state and effects) by a
 * unique insert, then written to the run document: only one worker can make transition `seq`, whatever the
 * database's handling of concurrent updates, and a worker that dies between the two writes leaves a claim
 * that the next one rolls forward.
 */
export class RunStore {
  readonly models: Models;
  constructor(
    readonly connection: Connection,
    readonly owner: string,
  ) {
    this.models = getModels(connection);
  }

  /** Creates the run document with its first transition. */
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
    first: Transition,
  ): Promise<void> {
    const claim = await claimOnce(this.connection, transitionKey(fields.runId, 1), this.owner, first);
    if (!claim.claimed) return;
    await this.models.Run.create({
      _id: new Types.ObjectId(fields.runId),
      tenantId: fields.tenantId,
      workflowId: fields.workflowId,
      version: fields.version,
      status: first.state.status,
      state: first.state,
      triggerEventId: fields.triggerEventId,
      depth: fields.depth,
      ...(fields.parentRunId ? { parentRunId: fields.parentRunId, childKey: fields.childKey } : {}),
      startedAt: new Date(first.state.startedAt),
      seq: 1,
      effectsDoneSeq: 0,
      effectsPending: true,
    });
  }

  /** Loads a run, first writing any transition that was claimed but not yet written. */
  async load(runId: string): Promise<StoredRun | undefined> {
    for (let i = 0; i < 5; i++) {
      const doc = await this.models.Run.findById(runId).lean();
      if (!doc) return undefined;
      const pending = await readClaim(this.connection, transitionKey(runId, doc.seq + 1));
      if (!pending?.result) return toStored(doc);
      await this.write(runId, doc.seq + 1, pending.result as Transition);
    }
    throw new Error(`run ${runId}: could not catch up with its transitions`);
  }

  /** The effects of a transition (to execute them again after a crash). */
  async transitionEffects(runId: string, seq: number): Promise<Effect[]> {
    const claim = await readClaim(this.connection, transitionKey(runId, seq));
    return (claim?.result as Transition | undefined)?.effects ?? [];
  }

  /** Makes transition `run.seq + 1`; 'conflict' when another worker made it first. */
  async commit(run: StoredRun, next: Transition): Promise<'ok' | 'conflict'> {
    const seq = run.seq + 1;
    const claim = await claimOnce(this.connection, transitionKey(run.id, seq), this.owner, next);
    if (!claim.claimed) return 'conflict';
    await this.write(run.id, seq, next);
    run.seq = seq;
    run.state = next.state;
    return 'ok';
  }

  private async write(runId: string, seq: number, t: Transition): Promise<void> {
    const s = t.state;
    await this.models.Run.updateOne(
      { _id: runId, seq: { $lt: seq } },
      {
        $set: {
          seq,
          effectsPending: true,
          state: s,
          status: s.status,
          ...(s.endedAt ? { endedAt: new Date(s.endedAt) } : {}),
          ...(s.error ? { error: s.error } : {}),
        },
      },
    );
    if (t.inputId) await this.models.RunInput.updateOne({ _id: t.inputId }, { $set: { processedAt: new Date() } });
  }

  async markEffectsDone(run: StoredRun, seq: number): Promise<void> {
    // Only the transition still current clears the flag (a later one has effects of its own).
    await this.models.Run.updateOne({ _id: run.id, seq }, { $set: { effectsDoneSeq: seq, effectsPending: false } });
    run.effectsDoneSeq = Math.max(run.effectsDoneSeq, seq);
  }

  /** Stores an input in the run's inbox; a repeated key is stored once. Returns false for a repeat. */
  async enqueue(tenantId: string, runId: string, input: RunInput, key: string): Promise<boolean> {
    try {
      await this.models.RunInput.create({ tenantId, runId, input, key });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /** The oldest input not yet applied. */
  async nextInput(runId: string): Promise<{ id: string; input: RunInput } | undefined> {
    const doc = await this.models.RunInput.findOne({ runId, processedAt: { $exists: false } })
      .sort({ createdAt: 1, _id: 1 })
      .lean();
    return doc ? { id: String(doc._id), input: doc.input as RunInput } : undefined;
  }

  async markInputProcessed(inputId: string): Promise<void> {
    await this.models.RunInput.updateOne({ _id: inputId }, { $set: { processedAt: new Date() } });
  }

  /** Leases live in their own collection: the run document is written only by transitions. */
  private get leases() {
    return this.connection.collection<{ _id: string; owner?: string; expiresAt: Date; gen: number }>('run_leases');
  }

  /** When the run's lease expires (epoch when free or never taken). */
  async leaseExpiry(runId: string): Promise<Date> {
    return (await this.leases.findOne({ _id: runId }))?.expiresAt ?? new Date(0);
  }

  /**
   * Takes the run's lease for `ttlMs` when it is free or expired. Each taking claims a new generation, so
   * two workers can never both take the same expired lease.
   */
  async acquireLease(runId: string, ttlMs: number, now: Date): Promise<boolean> {
    const doc = await this.leases.findOne({ _id: runId });
    const held = doc?.owner && doc.expiresAt > now;
    if (held && doc.owner !== this.owner) return false;
    if (held) return this.renewLease(runId, ttlMs, now).then(() => true);
    let gen = (doc?.gen ?? 0) + 1;
    for (let attempt = 0; attempt < 5; attempt++) {
      const claim = await claimOnce(this.connection, `lease:${runId}:${gen}`, this.owner, { ttlMs });
      if (claim.claimed) {
        await this.leases.updateOne(
          { _id: runId },
          { $set: { gen, owner: this.owner, expiresAt: new Date(now.getTime() + ttlMs) } },
          { upsert: true },
        );
        return true;
      }
      // Generation taken. If its taker died before recording it, its lease has run out once `ttlMs` has
      // passed since the claim: go on with the next generation; otherwise the lease is busy.
      const taken = claim.existing;
      const expired =
        taken && taken.claimedAt.getTime() + ((taken.result as { ttlMs?: number })?.ttlMs ?? ttlMs) < now.getTime();
      if (!expired) return false;
      gen += 1;
    }
    return false;
  }

  async renewLease(runId: string, ttlMs: number, now: Date): Promise<void> {
    await this.leases.updateOne(
      { _id: runId, owner: this.owner },
      { $set: { expiresAt: new Date(now.getTime() + ttlMs) } },
    );
  }

  async releaseLease(runId: string): Promise<void> {
    await this.leases.updateOne(
      { _id: runId, owner: this.owner },
      { $set: { expiresAt: new Date(0) }, $unset: { owner: 1 } },
    );
  }

  /** Records a correlated wait's subscription (or its end) on the run, with the keys used to find it. */
  async setSubscription(runId: string, id: string, subscription: Subscription | undefined): Promise<void> {
    const doc = await this.models.Run.findById(runId, { subscriptions: 1 }).lean();
    const subscriptions = { ...((doc?.subscriptions as Record<string, Subscription>) ?? {}) };
    if (subscription) subscriptions[id] = subscription;
    else delete subscriptions[id];
    const values = Object.values(subscriptions);
    await this.models.Run.updateOne(
      { _id: runId },
      {
        $set: {
          subscriptions,
          waitingFor: values.map(correlationKey),
          waitingTypes: [...new Set(values.map((v) => v.eventType))],
        },
      },
    );
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

function toStored(doc: Record<string, unknown>): StoredRun {
  return {
    id: String(doc._id),
    tenantId: String(doc.tenantId),
    workflowId: String(doc.workflowId),
    version: doc.version as number,
    seq: doc.seq as number,
    effectsDoneSeq: (doc.effectsDoneSeq as number) ?? 0,
    state: doc.state as RunState,
    ...(doc.parentRunId ? { parentRunId: String(doc.parentRunId) } : {}),
    ...(doc.childKey ? { childKey: doc.childKey as string } : {}),
    subscriptions: (doc.subscriptions as Record<string, Subscription>) ?? {},
  };
}
