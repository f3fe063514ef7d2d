import { type CesedaRule, configWithDefaults } from '@iapm/schemas';
import type { Connection } from 'mongoose';
import { getModels, type Models } from '../db/models/index.ts';
import { findOwned } from '../db/owned.ts';
import { computeUrgency, nextUrgencyChangeAt, type Urgency } from '../domain/urgency.ts';
import type { CesedaData } from './ceseda-data.ts';
import { missingMandatory } from './checklist-store.ts';

/**
 * A deadline being watched: one small document per open deadline, `_id` = the deadline's id, with when it
 * next needs looking at and the alert levels (hours before the alert date) already passed.
 */
export interface WatchEntry {
  _id: string;
  tenantId: string;
  /** The case, so that a change of its documents has its deadlines looked at again. */
  workspaceId?: string;
  nextAt: Date;
  /** Alert levels passed (reported, or passed over by a more urgent one). */
  done: number[];
}

const COLLECTION = 'deadline_watch';
const HOUR = 3_600_000;

/** Starts watching a deadline (once: a repeat keeps the entry as it is). `at`: when to look at it first. */
export async function watchDeadline(
  connection: Connection,
  entry: { tenantId: string; deadlineId: string; workspaceId?: string; at: Date },
): Promise<void> {
  try {
    await connection.collection<WatchEntry>(COLLECTION).insertOne({
      _id: entry.deadlineId,
      tenantId: entry.tenantId,
      ...(entry.workspaceId ? { workspaceId: entry.workspaceId } : {}),
      nextAt: entry.at,
      done: [],
    });
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

/** Stops watching a deadline of the firm (cancelled, or its creation compensated). */
export async function unwatchDeadline(connection: Connection, tenantId: string, deadlineId: string): Promise<void> {
  await connection.collection<WatchEntry>(COLLECTION).deleteOne({ _id: deadlineId, tenantId });
}

/**
 * Has the next pass look again at the deadlines of a case (its missing documents changed, and with them the
 * urgency). The watch entries are small: this query reads them all, never the deadlines.
 */
export async function recheckDeadlines(
  connection: Connection,
  tenantId: string,
  workspaceId: string,
  at: Date,
): Promise<void> {
  await connection.collection<WatchEntry>(COLLECTION).updateMany({ tenantId, workspaceId }, { $set: { nextAt: at } });
}

/** The alert levels of a firm: its `runtime.deadlineAlertHours` and `criticalBelowHours`, most distant first. */
export function alertLevels(config: { deadlineAlertHours?: number[]; criticalBelowHours?: number }): {
  levels: number[];
  criticalBelowHours: number;
} {
  const criticalBelowHours = config.criticalBelowHours ?? 48;
  const levels = [...new Set([...(config.deadlineAlertHours ?? [168, 48, 24]), criticalBelowHours])].sort(
    (a, b) => b - a,
  );
  return { levels, criticalBelowHours };
}

/** What a deadline needs at `now`: the alert to send (the most urgent level newly passed), the levels passed. */
export function alertsDue(
  alertAt: Date,
  now: Date,
  levels: number[],
  done: readonly number[],
): { report?: number; passed: number[] } {
  const passed = levels.filter((h) => !done.includes(h) && now.getTime() >= alertAt.getTime() - h * HOUR);
  return passed.length ? { report: Math.min(...passed), passed } : { passed };
}

interface DeadlineDoc {
  _id: unknown;
  tenantId: unknown;
  workspaceId?: unknown;
  ruleId?: string | null;
  label: string;
  dueAt: Date;
  alertAt?: Date | null;
  urgency?: string;
  status?: string;
}

export interface WatcherOptions {
  ceseda: CesedaData;
  /** Accepts an event of the firm (the event service): alerts go through it, keyed so that one is sent once. */
  emit: (
    tenantId: string,
    event: { type: string; payload: Record<string, unknown>; idempotencyKey: string; source: 'system' },
  ) => Promise<unknown>;
}

/**
 * The deadline watcher. Each pass (an Agenda job, every minute by default) reads the watch entries — one
 * small document per open deadline — and looks only at those due. For each: the urgency is computed again
 * (time left before the alert date, the rule, the mandatory documents still missing, the firm's
 * `criticalBelowHours`) and stored on the deadline and its case; when the alert date comes within one of
 * the firm's levels (`deadlineAlertHours`, plus `criticalBelowHours`), `deadline:approaching` — or
 * `deadline:critical` at or under `criticalBelowHours` — is emitted once per deadline and level (the event's
 * idempotency key is the deadline and the level; when several levels are passed at once, only the most
 * urgent is reported). The entry then sleeps until the next level or urgency change, and is removed when
 * nothing more can change or the deadline is no longer open.
 */
export class DeadlineWatcher {
  constructor(
    private readonly connection: Connection,
    private readonly options: WatcherOptions,
  ) {}

  private get entries() {
    return this.connection.collection<WatchEntry>(COLLECTION);
  }

  /** Looks at every deadline due at `now`. Returns how many were looked at. */
  async pass(now: Date = new Date()): Promise<number> {
    const all = await this.entries.find({}).toArray();
    // Compared in code: FerretDB v1 scans the collection anyway, and its `$lte` on dates is unreliable
    // under concurrent writes (docs/database.md).
    const due = all.filter((entry) => new Date(entry.nextAt).getTime() <= now.getTime());
    const configs = new Map<string, ReturnType<typeof configWithDefaults>>();
    for (const entry of due) {
      try {
        await this.check(entry, now, configs);
      } catch (error) {
        process.stderr.write(`deadline watcher: deadline ${entry._id}: ${(error as Error)?.message}\n`);
      }
    }
    return due.length;
  }

  private async check(entry: WatchEntry, now: Date, configs: Map<string, ReturnType<typeof configWithDefaults>>) {
    const models = getModels(this.connection);
    const deadline = (await models.Deadline.findById(entry._id).lean()) as DeadlineDoc | null;
    if (!deadline || String(deadline.tenantId) !== entry.tenantId || deadline.status !== 'open') {
      await this.entries.deleteOne({ _id: entry._id });
      return;
    }
    const tenantId = entry.tenantId;
    let config = configs.get(tenantId);
    if (!config) {
      const tenant = await models.Tenant.findById(tenantId, { config: 1 }).lean();
      config = configWithDefaults(tenant?.config ?? {});
      configs.set(tenantId, config);
    }
    const { levels, criticalBelowHours } = alertLevels(config.runtime ?? {});
    const alertAt = new Date(deadline.alertAt ?? deadline.dueAt);
    const rule = deadline.ruleId ? this.options.ceseda.rules.find((r) => r.id === deadline.ruleId) : undefined;
    const workspace = deadline.workspaceId ? await this.workspaceOf(models, tenantId, deadline.workspaceId) : null;
    const missing = workspace
      ? await missingMandatory(models, tenantId, workspace, this.options.ceseda.checklists)
      : [];
    const urgencyInput = {
      dueAt: alertAt,
      rule: rule ? { amount: rule.amount, unit: rule.unit } : null,
      missingDocuments: missing.length,
      now,
      thresholds: { criticalHours: criticalBelowHours },
    } as const;
    const urgency = computeUrgency(urgencyInput);
    if (urgency !== deadline.urgency) {
      // Writes by `_id` alone (indexed): both were read as this firm's.
      await models.Deadline.updateOne({ _id: deadline._id }, { $set: { urgency } });
      if (workspace && sameInstant(workspace.deadlineDate, alertAt)) {
        await models.Workspace.updateOne({ _id: workspace._id }, { $set: { urgency } });
      }
    }
    const { report, passed } = alertsDue(alertAt, now, levels, entry.done);
    if (report !== undefined && workspace) {
      await this.alert(tenantId, deadline, workspace, rule, alertAt, now, urgency, report, criticalBelowHours);
    }
    if (report !== undefined) {
      await models.Deadline.updateOne({ _id: deadline._id }, { $addToSet: { notifiedThresholds: { $each: passed } } });
    }
    const done = [...entry.done, ...passed];
    const next = nextLook(alertAt, now, levels, done, nextUrgencyChangeAt(urgencyInput));
    if (next === null) await this.entries.deleteOne({ _id: entry._id });
    else await this.entries.updateOne({ _id: entry._id }, { $set: { nextAt: next, done } });
  }

  private async workspaceOf(models: Models, tenantId: string, workspaceId: unknown) {
    return findOwned<{
      _id: string;
      procedureType: string;
      situation?: string | null;
      clientId?: unknown;
      deadlineDate?: Date | null;
    }>(models.Workspace, workspaceId, tenantId, { procedureType: 1, situation: 1, clientId: 1, deadlineDate: 1 });
  }

  private async alert(
    tenantId: string,
    deadline: DeadlineDoc,
    workspace: { _id: unknown; procedureType: string; situation?: string | null; clientId?: unknown },
    rule: CesedaRule | undefined,
    alertAt: Date,
    now: Date,
    urgency: Urgency,
    level: number,
    criticalBelowHours: number,
  ): Promise<void> {
    const type = level <= criticalBelowHours ? 'deadline:critical' : 'deadline:approaching';
    const hoursLeft = Math.round(((alertAt.getTime() - now.getTime()) / HOUR) * 10) / 10;
    await this.options.emit(tenantId, {
      type,
      source: 'system',
      idempotencyKey: `deadline-alert:${String(deadline._id)}:${level}`,
      payload: {
        deadlineId: String(deadline._id),
        workspaceId: String(workspace._id),
        ...(workspace.clientId ? { clientId: String(workspace.clientId) } : {}),
        ...(rule ? { ruleId: rule.id } : {}),
        label: deadline.label.slice(0, 300),
        dueAt: new Date(deadline.dueAt).toISOString(),
        alertAt: alertAt.toISOString(),
        urgency,
        hoursLeft,
        procedureType: workspace.procedureType,
        ...(workspace.situation ? { situation: workspace.situation } : {}),
      },
    });
  }
}

const sameInstant = (a: Date | null | undefined, b: Date) => !!a && new Date(a).getTime() === b.getTime();

/** When to look at the deadline again: the next level to pass or the next urgency change; null: never. */
export function nextLook(
  alertAt: Date,
  now: Date,
  levels: number[],
  done: readonly number[],
  urgencyChange: string | null,
): Date | null {
  const times = levels
    .filter((h) => !done.includes(h))
    .map((h) => alertAt.getTime() - h * HOUR)
    .filter((t) => t > now.getTime());
  if (urgencyChange) times.push(Date.parse(urgencyChange));
  return times.length ? new Date(Math.min(...times)) : null;
}
