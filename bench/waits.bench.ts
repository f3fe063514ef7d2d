// Benchmark (c): park runs on a 30 s wait on the embedded database, let them resume, measure lateness.
// Workflow: trigger(client:created) → wait PT30S → log_event. Runs are started through `events.accept`
// with bounded concurrency; lateness = step.endedAt − (step.at + 30 s) of the wait step, read from the run.
// Run: node --import tsx bench/waits.bench.ts [runs...]   (default: 10000; every size bounded in time)

import type { Step } from '../runtime/src/core/types.ts';
import { getModels } from '../runtime/src/db/models/index.ts';
import { createTenantFixture, publishFixture } from '../runtime/src/engine/engine-kit.ts';
import {
  buildEngine,
  clientPayload,
  commandProfiler,
  flow,
  fmt,
  machine,
  noopHandlers,
  openDatabase,
  percentile,
  printTable,
  sleep,
  watchdog,
} from './db-kit.ts';

const SIZES = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const WAIT_MS = 30_000;
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const PROCESS_EVERY_MS = Number(process.env.PROCESS_EVERY_MS ?? 200);
const TARGET_P99_MS = 1_000;
/** Time budget of one size: parking stops at PARK_BUDGET_MS, resuming at TOTAL_BUDGET_MS after the start. */
const PARK_BUDGET_MS = Number(process.env.PARK_BUDGET_MS ?? 90_000);
const TOTAL_BUDGET_MS = Number(process.env.TOTAL_BUDGET_MS ?? 200_000);

interface Result {
  requested: number;
  parked: number;
  parkSeconds: number;
  resumed: number;
  lateness: number[];
  lateAfterParking: number[];
  drainSeconds: number;
  sweeps: number[];
  commands: ReturnType<ReturnType<typeof commandProfiler>['stop']>;
  errors: Map<string, number>;
  acceptRetries: number;
}

async function measure(requested: number): Promise<Result> {
  const db = await openDatabase('waits');
  const { connection } = db;
  const models = getModels(connection);
  const profiler = commandProfiler(connection);
  const succeededAt = new Map<string, number>();
  const parkedAt = new Map<string, number>();
  const sweeps: number[] = [];
  const errors = new Map<string, number>();
  const countError = (where: string, error: unknown) => {
    const key = `${where}: ${String((error as Error)?.message ?? error)
      .replace(/^\[.*\] /, '')
      .slice(0, 60)}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
  };
  let acceptRetries = 0;
  /** A client retries a refused accept with the same idempotency key (transient SQLITE_BUSY), at most 5 times. */
  const acceptWithRetry = async (call: () => Promise<unknown>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        countError('accept', error);
        if (attempt >= 5) throw error;
        acceptRetries++;
        await sleep(20 * attempt);
      }
    }
  };
  const app = await buildEngine(connection, {
    handlers: noopHandlers(['log_event']),
    processEvery: PROCESS_EVERY_MS,
    onTransition: (run) => {
      if (run.state.status === 'succeeded') succeededAt.set(run.id, Date.now());
    },
  });
  // Parked = the run's wake job is saved (the run is created already `waiting`, without a transition event).
  const scheduleWake = app.scheduler.scheduleWake.bind(app.scheduler);
  app.scheduler.scheduleWake = async (job) => {
    await scheduleWake(job);
    parkedAt.set(job.runId, Date.now());
  };
  // Count the engine's own errors (it reports them and leaves the run to the sweeper) and failed Agenda jobs.
  (app.engine as unknown as { report: (runId: string, error: unknown) => void }).report = (_runId, error) =>
    countError('engine', error);
  app.scheduler.agenda.on('fail', (error: unknown) => countError('agenda job', error));
  // Time each sweep (the scheduler calls engine.sweep every second).
  const sweep = app.engine.sweep.bind(app.engine);
  app.engine.sweep = async () => {
    const start = performance.now();
    try {
      return await sweep();
    } finally {
      sweeps.push(performance.now() - start);
    }
  };
  const cancelWatchdog = watchdog(TOTAL_BUDGET_MS + 60_000, async () => {
    await app.stop().catch(() => {});
    await db.close();
  });
  try {
    const tenantId = await createTenantFixture(connection);
    await publishFixture(
      connection,
      tenantId,
      flow(
        'Attente 30 s',
        'client:created',
        [
          { id: 'wait', kind: 'wait', for: 'PT30S' },
          { id: 'log', kind: 'action', action: 'log_event', params: { message: 'relance {{payload.lastName}}' } },
        ],
        [
          ['start', 'wait'],
          ['wait', 'log'],
        ],
      ),
    );
    profiler.start();
    const started = Date.now();
    const progress = setInterval(() => {
      const s = Math.round((Date.now() - started) / 1000);
      process.stderr.write(`${s} s: accepted ${next}, parked ${parkedAt.size}, succeeded ${succeededAt.size}\n`);
    }, 5000);
    progress.unref();
    let next = 0;
    const caller = async () => {
      while (next < requested && Date.now() - started < PARK_BUDGET_MS) {
        const i = next++;
        await acceptWithRetry(() =>
          app.events.accept(tenantId, { type: 'client:created', payload: clientPayload(i), idempotencyKey: `w-${i}` }),
        );
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, caller));
    const accepted = next;
    while (parkedAt.size < accepted && Date.now() - started < PARK_BUDGET_MS + 30_000) await sleep(100);
    const parkedDone = Date.now();
    const parked = parkedAt.size;
    while (succeededAt.size < parked && Date.now() - started < TOTAL_BUDGET_MS) await sleep(100);
    const commands = profiler.stop();
    await app.stop();
    // Read the wait step of every run: lateness = endedAt − (at + 30 s).
    const lateness: number[] = [];
    const lateAfterParking: number[] = [];
    let firstDue = Number.POSITIVE_INFINITY;
    let lastEnd = 0;
    const cursor = models.Run.find({}, { 'state.steps': 1, status: 1 }).lean().cursor({ batchSize: 500 });
    for await (const run of cursor) {
      const steps = ((run.state as { steps?: Step[] } | undefined)?.steps ?? []) as Step[];
      const wait = steps.find((s) => s.nodeId === 'wait');
      if (!wait) continue;
      const due = Date.parse(wait.at) + WAIT_MS;
      firstDue = Math.min(firstDue, due);
      if (!wait.endedAt) continue;
      const late = Date.parse(wait.endedAt) - due;
      lateness.push(late);
      if (due > parkedDone) lateAfterParking.push(late);
      const end = succeededAt.get(String(run._id));
      if (end) lastEnd = Math.max(lastEnd, end);
    }
    return {
      requested,
      parked,
      parkSeconds: (parkedDone - started) / 1000,
      resumed: succeededAt.size,
      lateness,
      lateAfterParking,
      drainSeconds: (lastEnd - firstDue) / 1000,
      sweeps,
      commands,
      errors,
      acceptRetries,
    };
  } finally {
    cancelWatchdog();
    await app.stop().catch(() => {});
    await db.close();
  }
}

const results: Result[] = [];
for (const size of SIZES.length ? SIZES : [10_000]) {
  const r = await measure(size);
  results.push(r);
  process.stderr.write(`size ${size}: parked ${r.parked} in ${fmt(r.parkSeconds)} s, resumed ${r.resumed}\n`);
}

process.stdout.write(`\n### (c) Waits: parked runs (wait PT30S), ${machine()}\n\n`);
printTable(
  [
    'runs requested',
    '>parked',
    '>park s',
    '>parked/s',
    '>resumed',
    '>late p50 ms',
    '>late p99 ms',
    '>late max ms',
    '>drain s',
    '>p99 (due after parking) ms',
  ],
  results.map((r) => [
    r.requested.toLocaleString('en-US'),
    r.parked.toLocaleString('en-US'),
    fmt(r.parkSeconds),
    fmt(r.parked / r.parkSeconds),
    r.resumed.toLocaleString('en-US'),
    fmt(percentile(r.lateness, 50), 0),
    fmt(percentile(r.lateness, 99), 0),
    fmt(Math.max(...r.lateness), 0),
    fmt(r.drainSeconds),
    r.lateAfterParking.length ? fmt(percentile(r.lateAfterParking, 99), 0) : '–',
  ]),
);
for (const r of results) {
  const p99 = percentile(r.lateness, 99);
  process.stdout.write(
    `\n${r.requested} runs: p99 lateness ${fmt(p99, 0)} ms — target ≤ ${TARGET_P99_MS} ms ${
      r.resumed === r.requested && p99 <= TARGET_P99_MS ? 'met' : 'MISSED'
    }; sweeps: ${r.sweeps.length}, median ${fmt(percentile(r.sweeps, 50), 0)} ms, max ${fmt(Math.max(...r.sweeps), 0)} ms\n\n`,
  );
  for (const [what, count] of r.errors) process.stdout.write(`- ${count} × ${what}\n`);
  process.stdout.write(`- accept retries: ${r.acceptRetries}\n\n`);
  const total = r.commands.reduce((s, c) => s + c.ms, 0);
  printTable(
    ['database command', '>count', '>total s', '>mean ms', '>share'],
    r.commands
      .slice(0, 10)
      .map((c) => [c.command, c.count, fmt(c.ms / 1000), fmt(c.ms / c.count), `${fmt((100 * c.ms) / total, 0)}%`]),
  );
}
