import { configWithDefaults } from '@iapm/schemas';
import type { Connection } from 'mongoose';
import type { RunPolicy } from '../core/types.ts';
import { firmGeneration } from '../db/firm-generation.ts';
import { getModels } from '../db/models/index.ts';
import type { RunStore } from './run-store.ts';
import { policyOf } from './workflow-source.ts';

/** What routes a firm's events, as loaded under one routing token. */
export interface FirmRouting {
  /** The firm's routing token this table was loaded under (null: the firm never changed its routing). */
  token: string | null;
  loadedAt: number;
  /** Published, enabled workflows by the event type of their trigger. */
  byType: Map<string, { workflowId: string; publishedVersion: number }[]>;
  /** Event types the firm has correlated waits for (or had: see `RunStore.markWaitType`). */
  waitTypes: Set<string>;
  /** The firm's run policy, as its configuration stands (new runs start with it). */
  policy: RunPolicy;
  /** The firm's `runtime.maxCausationDepth`. */
  maxCausationDepth: number;
}

/**
 * A per-process cache of each firm's event routing: which published workflows an event type starts,
 * whether the firm has correlated waits for it, and the firm's run policy and cascade depth (its
 * configuration). Kept correct across processes sharing the database by the firm's generation
 * (db/firm-generation.ts), read by `_id` for every event: while the token is
 * the one the table was loaded under, the table is used as it is; a changed token reloads it (one load per
 * firm at a time; events arriving meanwhile share it). So a workflow published, disabled or archived by
 * another process, or a first correlated wait of a type opened elsewhere, counts from the next event.
 *
 * Writes that bypass the mongoose models (a raw collection update of `workflows`) do not bump the token:
 * `maxAgeMs` (one minute) bounds how long they can go unseen. At most `maxFirms` tables are kept.
 */
export class RoutingCache {
  private readonly firms = new Map<string, FirmRouting>();
  private readonly loading = new Map<string, Promise<FirmRouting>>();

  constructor(
    private readonly connection: Connection,
    private readonly store: RunStore,
    private readonly options: { maxAgeMs?: number; maxFirms?: number; now?: () => number } = {},
  ) {}

  /**
   * The firm's routing as of now (one `_id` read; a load when it changed). `generation` is the firm's token
   * when the caller read it after its request arrived (the API-key check did), which saves reading it again.
   */
  async get(tenantId: string, generation?: string | null): Promise<FirmRouting> {
    // Concurrent events of a firm share a token read sent after they arrived (see CoalescedRead).
    const token = generation !== undefined ? generation : await firmGeneration(this.connection, tenantId);
    const now = this.options.now?.() ?? Date.now();
    const hit = this.firms.get(tenantId);
    if (hit && hit.token === token && now - hit.loadedAt < (this.options.maxAgeMs ?? 60_000)) return hit;
    const key = `${tenantId}:${token}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(tenantId, token, now).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** Forgets a firm's table (the next event reloads it). */
  forget(tenantId: string): void {
    this.firms.delete(tenantId);
  }

  private async load(tenantId: string, token: string | null, now: number): Promise<FirmRouting> {
    const { Workflow, Tenant } = getModels(this.connection);
    // The token was read before these reads: a change made meanwhile bumps it again, and the next event reloads.
    const [workflows, waitTypes, tenant] = await Promise.all([
      Workflow.find(
        { tenantId, enabled: true, status: 'published' },
        { _id: 1, publishedVersion: 1, triggerEvent: 1 },
      ).lean(),
      this.store.waitTypesOf(tenantId),
      Tenant.findById(tenantId, { config: 1 }).lean(),
    ]);
    const config = configWithDefaults(tenant?.config ?? {});
    const byType = new Map<string, { workflowId: string; publishedVersion: number }[]>();
    for (const wf of workflows) {
      if (!wf.triggerEvent || !wf.publishedVersion) continue;
      const list = byType.get(wf.triggerEvent) ?? [];
      list.push({ workflowId: String(wf._id), publishedVersion: wf.publishedVersion });
      byType.set(wf.triggerEvent, list);
    }
    // Workflows in a stable order, so that runs are started in the same order by every process.
    for (const list of byType.values()) list.sort((a, b) => (a.workflowId < b.workflowId ? -1 : 1));
    const routing: FirmRouting = {
      token,
      loadedAt: now,
      byType,
      waitTypes,
      policy: policyOf(tenant?.config ?? {}),
      maxCausationDepth: config.runtime?.maxCausationDepth ?? 8,
    };
    const current = this.firms.get(tenantId);
    // Loads may finish out of order: keep the newest.
    if (!current || current.loadedAt <= now) {
      this.firms.delete(tenantId);
      this.firms.set(tenantId, routing);
      if (this.firms.size > (this.options.maxFirms ?? 1_000)) {
        const [oldest] = this.firms.keys();
        if (oldest !== undefined) this.firms.delete(oldest);
      }
    }
    return routing;
  }
}
