// Shared wiring for the database benchmarks (engine-db, waits): a fresh embedded FerretDB (or MONGODB_URI),
// an engine built like `startEngine` but with `onTransition` exposed, no-op handlers, and small helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Effect, Workflow } from '../runtime/src/core/types.ts';
import { resolveDatabase } from '../runtime/src/db/embedded-db.ts';
import { ensureIndexes } from '../runtime/src/db/models/index.ts';
import { AgendaScheduler } from '../runtime/src/engine/agenda-scheduler.ts';
import { Engine } from '../runtime/src/engine/engine.ts';
import { EventService } from '../runtime/src/engine/event-service.ts';
import type { ActionHandlers } from '../runtime/src/engine/ports.ts';
import type { StoredRun } from '../runtime/src/engine/run-store.ts';
import { createPolicyResolver, createWorkflowSource } from '../runtime/src/engine/workflow-source.ts';

/**
 * Starts the database (fresh temporary folder; MONGODB_URI when set). `connect(name)` opens a database of its
 * own (a separate SQLite file on FerretDB) with the indexes built; `stop()` closes everything and stops it.
 */
export async function startDatabase(prefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `iapm-${prefix}-`));
  const db = await resolveDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, log: () => {} });
  const suffix = Math.random().toString(36).slice(2, 8);
  const connections: Connection[] = [];
  let stopped: Promise<void> | undefined;
  return {
    kind: db.kind,
    async connect(name: string): Promise<Connection> {
      const dbName = `bench_${prefix}_${name}_${suffix}`;
      const connection = await mongoose.createConnection(db.uri, { dbName, monitorCommands: true }).asPromise();
      connections.push(connection);
      await ensureIndexes(connection);
      return connection;
    },
    stop() {
      stopped ??= (async () => {
        for (const c of connections) {
          if (db.kind === 'mongodb') await c.dropDatabase().catch(() => {});
          await c.close(true).catch(() => {});
        }
        await db.stop();
        rmSync(dataDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/** Engine + Agenda + event service, wired as `startEngine` does, with `onTransition` passed through. */
export async function buildEngine(
  connection: Connection,
  options: {
    handlers: ActionHandlers;
    processEvery?: number;
    sweepEvery?: string;
    onTransition?: (run: StoredRun, effects: Effect[]) => void;
  },
) {
  const scheduler = new AgendaScheduler(connection, {
    processEvery: options.processEvery ?? 100,
    sweepEvery: options.sweepEvery ?? '1 second',
  });
  let events: EventService | undefined;
  const engine = new Engine({
    connection,
    handlers: options.handlers,
    scheduler,
    resolvePolicy: createPolicyResolver(connection),
    loadWorkflow: createWorkflowSource(connection),
    ...(options.onTransition ? { onTransition: options.onTransition } : {}),
    emitEvent: async (tenantId, e) => {
      await events?.acceptEmitted(tenantId, e);
    },
  });
  events = new EventService(engine);
  await scheduler.start(engine, async () => {
    await engine.sweep();
  });
  return {
    engine,
    events,
    scheduler,
    stop: async () => {
      await scheduler.stop();
      await engine.stop();
    },
  };
}

/** No-op handlers: each action answers `{}` at once. */
export function noopHandlers(actions: string[]): ActionHandlers {
  return Object.fromEntries(actions.map((a) => [a, { perform: async () => ({}) }]));
}

/** A workflow document: a trigger on `event`, then `nodes` wired by `edges` ([source, target, port?]). */
export function flow(name: string, event: string, nodes: object[], edges: [string, string, string?][]): Workflow {
  return {
    schemaVersion: 1,
    name,
    nodes: [{ id: 'start', kind: 'trigger', event }, ...nodes],
    edges: edges.map(([source, target, port], i) => ({ id: `e${i}`, source, target, ...(port ? { port } : {}) })),
  } as unknown as Workflow;
}

/** A chain start → a1 → … → aN of GREEN `log_event` actions. */
export function logChain(name: string, event: string, length: number): Workflow {
  const nodes = Array.from({ length }, (_, i) => ({
    id: `a${i + 1}`,
    kind: 'action',
    action: 'log_event',
    params: { level: 'info', message: `step ${i + 1} for {{payload.lastName}}` },
  }));
  const edges = nodes.map((n, i): [string, string] => [i === 0 ? 'start' : `a${i}`, n.id]);
  return flow(name, event, nodes, edges);
}

/** A valid `client:created` payload. */
export const clientPayload = (i: number) => ({
  clientId: `c-${i}`,
  firstName: 'Amina',
  lastName: `Benali${i}`,
  status: 'prospect',
  source: 'api',
  createdAt: '2026-11-01T10:00:00Z',
});

/**
 * Counts database commands and their round-trip time (driver command monitoring), by command and collection.
 */
export function commandProfiler(connection: Connection) {
  const client = connection.getClient();
  const started = new Map<number, string>();
  const stats = new Map<string, { count: number; ms: number }>();
  let on = false;
  client.on('commandStarted', (e) => {
    if (!on) return;
    const target = (e.command as Record<string, unknown>)[e.commandName];
    started.set(e.requestId, `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim());
  });
  const done = (e: { requestId: number; duration: number }) => {
    const key = started.get(e.requestId);
    if (!key) return;
    started.delete(e.requestId);
    const s = stats.get(key) ?? { count: 0, ms: 0 };
    s.count += 1;
    s.ms += e.duration;
    stats.set(key, s);
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
  return {
    start() {
      stats.clear();
      on = true;
    },
    stop() {
      on = false;
      return [...stats.entries()].map(([command, s]) => ({ command, ...s })).sort((a, b) => b.ms - a.ms);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const fmt = (n: number, digits = 1) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–';

/** Prints a Markdown table; columns whose header starts with '>' are right-aligned. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const names = headers.map((h) => h.replace(/^>/, ''));
  const cells = rows.map((r) => r.map(String));
  const widths = names.map((h, i) => Math.max(h.length, 3, ...cells.map((r) => (r[i] ?? '').length)));
  const right = headers.map((h) => h.startsWith('>'));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (right[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  process.stdout.write(`${[line(names), rule, ...cells.map(line)].join('\n')}\n`);
}

export const machine = () =>
  `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, database: ${
    process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB 1.24.2 SQLite (embedded)'
  }`;

/** Fails the process (after `cleanup`) when the benchmark runs longer than `ms`. */
export function watchdog(ms: number, cleanup: () => Promise<void>) {
  const timer = setTimeout(() => {
    process.stderr.write(`benchmark exceeded ${ms / 1000} s, stopping\n`);
    setTimeout(() => process.exit(2), 15_000).unref();
    void cleanup()
      .catch(() => {})
      .finally(() => process.exit(2));
  }, ms);
  timer.unref();
  return () => clearTimeout(timer);
}
