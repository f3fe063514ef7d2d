import { createHash } from 'node:crypto';
import { findEvent, type Issue, validateWith } from '@iapm/schemas';
import { Types } from 'mongoose';
import { evaluateCondition } from '../core/conditions/index.ts';
import { lookupPath } from '../core/conditions/path.ts';
import type { RunEvent, RunPolicy, Workflow } from '../core/types.ts';
import { findOwned } from '../db/owned.ts';
import { type Engine, runIdFor } from './engine.ts';
import { type FirmRouting, RoutingCache } from './event-routing.ts';
import { GroupedInsert } from './grouped-insert.ts';
import { WorkflowRefused } from './workflow-source.ts';

export interface IncomingEvent {
  type: string;
  payload: Record<string, unknown>;
  idempotencyKey?: string;
  occurredAt?: string;
  causation?: string[];
  causationWorkflows?: string[];
  source?: 'api' | 'inbound-email' | 'action' | 'system' | 'sandbox';
  emittedBy?: { runId: string; workflowId: string };
}

export interface AcceptedEvent {
  eventId: string;
  duplicate: boolean;
  runs: { runId: string; workflowId: string; version: number }[];
  /** Why no run was started for a cascade (too deep, or back to a workflow of its chain). */
  stopped?: string;
}

/**
 * What the runtime does by itself when an event is accepted, before the runs it starts (ticking a case's
 * checklist on a document event). `emit` accepts a follow-up event caused by this one: it continues the
 * causation chain, and its idempotency key makes a repeated reaction emit once.
 */
export type EventReaction = (
  tenantId: string,
  event: RunEvent,
  emit: (follow: { type: string; payload: Record<string, unknown>; idempotencyKey: string }) => Promise<AcceptedEvent>,
) => Promise<void>;

/** An event refused before anything was written. */
export class EventRejected extends Error {
  constructor(readonly issues: Issue[]) {
    super(issues.map((i) => `${i.pointer} ${i.code}`).join('; '));
  }
}

/**
 * Accepts events: validates the payload against its schema, records the event before answering (a repeated
 * idempotency key returns the first answer and starts nothing), stops cascades that are too deep or come
 * back to a workflow of their chain, starts the runs of the matching published workflows, and wakes the
 * runs waiting for a correlated event.
 */
export class EventService {
  /** Each firm's routing, cached in this process under its routing generation (see event-routing.ts). */
  readonly routing: RoutingCache;
  /** Event inserts of concurrent requests, written together. */
  private readonly inserts: GroupedInsert<Record<string, unknown>>;

  constructor(
    readonly engine: Engine,
    readonly options: { maxCausationDepth?: number; reactions?: EventReaction[] } = {},
  ) {
    this.routing = new RoutingCache(engine.store.connection, engine.store);
    const { Event } = engine.store.models;
    this.inserts = new GroupedInsert(() => Event.collection as never);
  }

  /**
   * Writes an accepted event (grouped with those of concurrent requests) and resolves once it is
   * acknowledged. The document is built here as the `Event` model stores it (ObjectIds, dates, timestamps):
   * building and validating a mongoose document cost as much CPU as the rest of the request, and every
   * field is set by this service from checked values.
   */
  private insertEvent(fields: {
    _id: string;
    tenantId: string;
    type: string;
    payload: Record<string, unknown>;
    occurredAt: Date;
    receivedAt: Date;
    idempotencyKey: string;
    causation: string[];
    causationWorkflows: string[];
    source: NonNullable<IncomingEvent['source']>;
    emittedBy?: { runId: string; workflowId: string };
    runs: AcceptedEvent['runs'];
    stoppedReason?: string;
  }): Promise<'inserted' | 'duplicate'> {
    const now = this.engine.clock.now();
    return this.inserts.insert({
      ...fields,
      _id: new Types.ObjectId(fields._id),
      tenantId: new Types.ObjectId(fields.tenantId),
      ...(fields.emittedBy
        ? { emittedBy: { runId: fields.emittedBy.runId, workflowId: fields.emittedBy.workflowId } }
        : {}),
      runs: fields.runs.map((r) => ({ runId: r.runId, workflowId: r.workflowId, version: r.version })),
      createdAt: now,
      updatedAt: now,
    });
  }

  /**
   * `options.generation`: the firm's generation token as the caller read it after its request arrived (the
   * API-key check reads it), so that routing does not read it again. `options.payloadChecked`: the caller has
   * just validated this payload against its event's schema (the event API checks a whole batch before
   * accepting any of it), so it is not validated twice.
   */
  async accept(
    tenantId: string,
    incoming: IncomingEvent,
    options: { generation?: string | null; payloadChecked?: boolean } = {},
  ): Promise<AcceptedEvent> {
    const entry = findEvent(incoming.type);
    if (!entry) {
      throw new EventRejected([
        {
          pointer: '/type',
          code: 'catalog.unknown-event',
          message: { fr: `Événement inconnu : « ${incoming.type} ».`, en: `Unknown event: "${incoming.type}".` },
          severity: 'error',
        },
      ]);
    }
    if (!options.payloadChecked) {
      const checked = validateWith(entry.schemaRef, incoming.payload, '/payload');
      if (!checked.ok) throw new EventRejected(checked.issues);
    }
    // A keyed event has an id derived from its key: a repeat finds the first one by `_id`.
    const eventId = incoming.idempotencyKey
      ? eventIdFor(tenantId, incoming.idempotencyKey)
      : new Types.ObjectId().toHexString();
    const now = this.engine.clock.now();
    const causation = incoming.causation ?? [];
    const causationWorkflows = incoming.causationWorkflows ?? [];
    const event: RunEvent = {
      id: eventId,
      type: incoming.type,
      payload: incoming.payload,
      occurredAt: (incoming.occurredAt ? new Date(incoming.occurredAt) : now).toISOString(),
      causation,
    };
    // Routing comes first, so that the event is written once with the runs it starts (or why it starts none).
    const routing = await this.routing.get(tenantId, options.generation);
    const { planned, stopped } = await this.route(tenantId, event, causationWorkflows, routing);
    const runs = planned.map((p) => ({ runId: p.runId, workflowId: p.workflowId, version: p.loaded.version }));
    const outcome = await this.insertEvent({
      _id: eventId,
      tenantId,
      type: incoming.type,
      payload: incoming.payload,
      occurredAt: new Date(event.occurredAt),
      receivedAt: now,
      idempotencyKey: incoming.idempotencyKey ?? eventId,
      causation,
      causationWorkflows,
      source: incoming.source ?? 'api',
      ...(incoming.emittedBy ? { emittedBy: incoming.emittedBy } : {}),
      runs,
      ...(stopped ? { stoppedReason: stopped } : {}),
    });
    if (outcome === 'duplicate') return this.repeat(tenantId, eventId);
    await this.react(tenantId, event, causationWorkflows);
    for (const p of planned) await this.start(tenantId, p.workflowId, p.loaded, event, routing.policy);
    // The scan of the open waits is made only for the types the firm has waits for.
    if (routing.waitTypes.has(event.type)) await this.wakeCorrelated(tenantId, event);
    const reason = stopped?.startsWith('causation-depth') ? 'causation-depth' : stopped;
    return { eventId, duplicate: false, runs, ...(reason ? { stopped: reason } : {}) };
  }

  /**
   * A repeated idempotency key: the first answer. Its runs are started again if need be (a start is
   * idempotent), in case the first call died between writing the event and starting them.
   */
  private async repeat(tenantId: string, eventId: string): Promise<AcceptedEvent> {
    const first = await this.engine.store.models.Event.findById(eventId).lean();
    if (!first || String(first.tenantId) !== tenantId) {
      throw new Error(`event ${eventId} was refused as a repeat but cannot be read`);
    }
    const runs = (first.runs ?? []) as AcceptedEvent['runs'];
    const event: RunEvent = {
      id: eventId,
      type: first.type,
      payload: first.payload as Record<string, unknown>,
      occurredAt: (first.occurredAt as Date).toISOString(),
      causation: (first.causation as string[]) ?? [],
    };
    for (const run of runs) {
      if (await this.engine.store.models.Run.exists({ _id: run.runId })) continue;
      const loaded = await this.engine.options.loadWorkflow(tenantId, run.workflowId, run.version);
      if (loaded) await this.start(tenantId, run.workflowId, loaded, event);
    }
    return { eventId, duplicate: true, runs };
  }

  /** Runs the reactions to an accepted event; a failing one is reported and does not refuse the event. */
  private async react(tenantId: string, event: RunEvent, causationWorkflows: string[]): Promise<void> {
    for (const reaction of this.options.reactions ?? []) {
      try {
        await reaction(tenantId, event, (follow) =>
          this.accept(tenantId, {
            ...follow,
            causation: [...event.causation, event.id],
            causationWorkflows,
            source: 'system',
          }),
        );
      } catch (error) {
        process.stderr.write(`event ${event.id} (${event.type}): reaction failed: ${(error as Error)?.message}\n`);
      }
    }
  }

  /** Which workflows an event starts, with their run ids; or why it starts none of some. */
  private async route(
    tenantId: string,
    event: RunEvent,
    causationWorkflows: string[],
    routing: FirmRouting,
  ): Promise<{
    planned: { workflowId: string; runId: string; loaded: { version: number; document: Workflow } }[];
    stopped?: string;
  }> {
    const { causation } = event;
    // An event with no cause (posted by a system) cannot be too deep: the firm's limit is read only for cascades.
    const limit = causation.length === 0 ? 1 : (this.options.maxCausationDepth ?? routing.maxCausationDepth);
    if (causation.length >= limit) return { planned: [], stopped: `causation-depth>${limit}` };
    const planned: { workflowId: string; runId: string; loaded: { version: number; document: Workflow } }[] = [];
    const stopped: string[] = [];
    for (const wf of routing.byType.get(event.type) ?? []) {
      const { workflowId } = wf;
      if (causationWorkflows.includes(workflowId)) {
        stopped.push(`cycle:${workflowId}`);
        continue;
      }
      let loaded: Awaited<ReturnType<Engine['options']['loadWorkflow']>>;
      try {
        loaded = await this.engine.options.loadWorkflow(tenantId, workflowId, wf.publishedVersion);
      } catch (error) {
        if (!(error instanceof WorkflowRefused)) throw error;
        stopped.push(`refused:${workflowId}`);
        continue;
      }
      if (!loaded) continue;
      const trigger = loaded.document.nodes.find((n) => n.kind === 'trigger') as { filter?: unknown } | undefined;
      if (trigger?.filter !== undefined && !safeCondition(trigger.filter, { payload: event.payload, event })) continue;
      planned.push({ workflowId, runId: runIdFor(`${event.id}:${workflowId}`), loaded });
    }
    return { planned, ...(stopped.length ? { stopped: stopped.join(',') } : {}) };
  }

  /**
   * Accepts an event emitted by a run's action: its causation chain continues the run's, and the run's
   * workflow joins the chain's workflows (so that a cascade coming back to it is stopped as a cycle).
   */
  async acceptEmitted(
    tenantId: string,
    emitted: {
      type: string;
      payload: Record<string, unknown>;
      causation: string[];
      emittedBy: { runId: string; workflowId: string };
    },
  ): Promise<AcceptedEvent> {
    const causeId = emitted.causation.at(-1);
    const cause = causeId
      ? await findOwned<{ causationWorkflows?: string[] }>(this.engine.store.models.Event, causeId, tenantId, {
          causationWorkflows: 1,
        })
      : null;
    return this.accept(tenantId, {
      type: emitted.type,
      payload: emitted.payload,
      causation: emitted.causation,
      causationWorkflows: [
        ...((cause?.causationWorkflows as string[] | undefined) ?? []),
        emitted.emittedBy.workflowId,
      ],
      source: 'action',
      emittedBy: emitted.emittedBy,
    });
  }

  /**
   * A workflow's cron trigger fired: records a `system:scheduled` event for this workflow alone (idempotent
   * per workflow and minute, so a job fired twice starts one run) and starts the run.
   */
  async fireSchedule(tenantId: string, workflowId: string, firedAt: Date): Promise<AcceptedEvent | undefined> {
    const loaded = await this.engine.options.loadWorkflow(tenantId, workflowId, 'latest');
    const trigger = loaded?.document.nodes.find((n) => n.kind === 'trigger') as
      | { cron?: { expression: string; timezone?: string } }
      | undefined;
    if (!loaded || !trigger?.cron) return undefined;
    const scheduledFor = new Date(Math.floor(firedAt.getTime() / 1000) * 1000).toISOString();
    const payload = {
      workflowId,
      cron: trigger.cron.expression,
      scheduledFor,
      firedAt: firedAt.toISOString(),
      timezone: trigger.cron.timezone ?? 'Europe/Paris',
    };
    const idempotencyKey = `cron:${workflowId}:${scheduledFor}`;
    const eventId = eventIdFor(tenantId, idempotencyKey);
    const event: RunEvent = {
      id: eventId,
      type: 'system:scheduled',
      payload,
      occurredAt: firedAt.toISOString(),
      causation: [],
    };
    const runs = [{ runId: runIdFor(`${eventId}:${workflowId}`), workflowId, version: loaded.version }];
    try {
      await this.engine.store.models.Event.create({
        _id: eventId,
        tenantId,
        type: 'system:scheduled',
        payload,
        occurredAt: firedAt,
        receivedAt: this.engine.clock.now(),
        idempotencyKey,
        source: 'system',
        runs,
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return undefined;
      throw error;
    }
    await this.start(tenantId, workflowId, loaded, event);
    return { eventId, duplicate: false, runs };
  }

  /** Starts the run of one workflow for one event (once: the start is keyed by event and workflow). */
  private async start(
    tenantId: string,
    workflowId: string,
    loaded: { version: number; document: Workflow },
    event: RunEvent,
    policy?: RunPolicy,
  ): Promise<AcceptedEvent['runs'][number]> {
    const started = await this.engine.startRun({
      tenantId,
      workflowId,
      version: loaded.version,
      document: loaded.document,
      event,
      startKey: `${event.id}:${workflowId}`,
      ...(policy ? { policy } : {}),
    });
    return { runId: started.runId, workflowId, version: loaded.version };
  }

  /** Delivers the event to the runs whose correlated wait it matches. */
  private async wakeCorrelated(tenantId: string, event: RunEvent): Promise<void> {
    const waiting = await this.engine.store.matchingSubscriptions(tenantId, event.type, event.payload);
    for (const sub of waiting) {
      const matches = Object.entries(sub.match).every(([path, value]) => {
        const found = lookupPath(event.payload, path);
        return found.found && found.value === value;
      });
      if (!matches) continue;
      if (sub.filter !== undefined && !safeCondition(sub.filter, { incoming: event })) continue;
      await this.engine.deliver(
        tenantId,
        sub.runId,
        { type: 'event.correlated', subscriptionId: sub.subscriptionId, event },
        `corr:${event.id}:${sub.subscriptionId}`,
      );
    }
  }
}

/** The id of the event a firm sent with this idempotency key (ObjectId-shaped). */
export function eventIdFor(tenantId: string, idempotencyKey: string): string {
  return createHash('sha256').update(`event:${tenantId}:${idempotencyKey}`).digest('hex').slice(0, 24);
}

function safeCondition(logic: unknown, data: unknown): boolean {
  try {
    return evaluateCondition(logic, data);
  } catch {
    return false;
  }
}
