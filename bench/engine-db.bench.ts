// Benchmark (b): the durable engine end to end on the embedded database (FerretDB 1.24.2, SQLite), or on
// MONGODB_URI when set. (ii) per-step overhead of chains of 10 and 100 GREEN `log_event` steps, one run at a
// time; (i) events accepted per second and runs completed per second for a workflow of 3 GREEN actions, with
// 1 and 8 concurrent callers. Every action is a no-op handler. Each scenario gets a fresh database of its own.
// Transitions are timestamped by the engine's `onTransition` hook; database round trips are timed by the
// driver's command monitoring.
// Run: node --import tsx bench/engine-db.bench.ts   (or `npm run bench`)
import type { Connection } from 'mongoose';
import { getModels } from '../runtime/src/db/models/index.ts';
import { createTenantFixture, publishFixture } from '../runtime/src/engine/engine-kit.ts';
import {
  buildEngine,
  clientPayload,
  commandProfiler,
  flow,
  fmt,
  logChain,
  machine,
  noopHandlers,
  percentile,
  printTable,
  sleep,
  startDatabase,
  watchdog,
} from './db-kit.ts';

const TARGET_STEP_MS = 5;
/** Every scenario is bounded in count and in time (ms); the whole file stays under about 4 minutes. */
const CHAIN_10 = { length: 10, runs: 20, budget: 40_000, warmUp: 3 };
const CHAIN_100 = { length: 100, runs: 5, budget: 60_000, warmUp: 0 };
const THROUGHPUT = { events: 200, acceptBudget: 10_000, settleBudget: 20_000 };

const server = await startDatabase('engine');
const cancelWatchdog = watchdog(235_000, async () => {
  printResults();
  await server.stop();
});
const began = performance.now();

interface Row {
  scenario: string;
  runs: number;
  eventsPerSecond?: number;
  runsPerSecond?: number;
  stepMedian: number;
  stepP99: number;
  /** Median time from one saved transition to the next (the first, which includes the accept, left out). */
  intervalMedian?: number;
  steps: number;
  unfinished?: number;
  commands: ReturnType<ReturnType<typeof commandProfiler>['stop']>;
}

/** A fresh database, a firm with `document` published, an engine with timestamped transitions. */
async function setUp(name: string, document: Parameters<typeof publishFixture>[2], agendaEvery = 100) {
  const connection: Connection = await server.connect(name);
  const tenantId = await createTenantFixture(connection);
  await publishFixture(connection, tenantId, document);
  const transitions = new Map<string, number[]>();
  const succeededAt = new Map<string, number>();
  const app = await buildEngine(connection, {
    handlers: noopHandlers(['create_note', 'create_task', 'log_event']),
    processEvery: agendaEvery,
    sweepEvery: agendaEvery >= 60_000 ? '1 minute' : '1 second',
    onTransition: (run) => {
      const now = performance.now();
      transitions.set(run.id, [...(transitions.get(run.id) ?? []), now]);
      if (run.state.status === 'succeeded') succeededAt.set(run.id, now);
    },
  });
  const profiler = commandProfiler(connection);
  /** Waits (bounded) until every run has succeeded and the engine is idle. */
  const settle = async (runIds: string[], deadline: number) => {
    while (runIds.some((id) => !succeededAt.has(id)) && performance.now() < deadline) await sleep(10);
    if (performance.now() < deadline) await app.engine.idle();
  };
  const accept = async (i: number) =>
    (await app.events.accept(tenantId, { type: 'client:created', payload: clientPayload(i) })).runs;
  return { connection, tenantId, app, profiler, transitions, succeededAt, settle, accept };
}

/** (ii) One run at a time through a chain of `length` steps; per step = (accept → succeeded) / steps. */
async function chain(spec: typeof CHAIN_10, label: string, agendaEvery = 100) {
  const t = await setUp(
    `chain${spec.length}_${agendaEvery}`,
    logChain('Chaîne', 'client:created', spec.length),
    agendaEvery,
  );
  for (let i = 0; i < spec.warmUp; i++)
    await t.settle(
      (await t.accept(-i - 1)).map((r) => r.runId),
      performance.now() + 30_000,
    );
  const perRun: number[] = [];
  const intervals: number[] = [];
  const between: number[] = [];
  const deadline = performance.now() + spec.budget;
  t.profiler.start();
  // A run starts only while the budget left is at least the last run's duration (or it is the first run).
  let last = 0;
  for (let i = 0; i < spec.runs && (i === 0 || performance.now() + last < deadline); i++) {
    const at = performance.now();
    const runId = (await t.accept(i))[0]?.runId as string;
    await t.settle([runId], deadline + 60_000);
    const end = t.succeededAt.get(runId);
    if (end === undefined) break;
    last = end - at;
    perRun.push((end - at) / spec.length);
    const times = [at, ...(t.transitions.get(runId) ?? [])];
    for (let k = 1; k < times.length; k++) {
      intervals.push((times[k] as number) - (times[k - 1] as number));
      if (k > 1) between.push((times[k] as number) - (times[k - 1] as number));
    }
  }
  const commands = t.profiler.stop();
  await t.app.stop();
  return report({
    scenario: label,
    runs: perRun.length,
    stepMedian: percentile(perRun, 50),
    stepP99: percentile(intervals, 99),
    intervalMedian: percentile(between, 50),
    steps: perRun.length * spec.length,
    commands,
  });
}

/** (i) `callers` concurrent callers accept up to N events; runs/s = runs done / (last success − first accept). */
async function throughput(callers: number): Promise<Row> {
  const t = await setUp(
    `throughput${callers}`,
    flow(
      'Trois actions',
      'client:created',
      [
        {
          id: 'note',
          kind: 'action',
          action: 'create_note',
          params: { workspaceId: 'ws-1', text: 'Client {{payload.lastName}}' },
        },
        { id: 'task', kind: 'action', action: 'create_task', params: { title: 'Appeler {{payload.firstName}}' } },
        { id: 'log', kind: 'action', action: 'log_event', params: { message: 'client {{payload.clientId}}' } },
      ],
      [
        ['start', 'note'],
        ['note', 'task'],
        ['task', 'log'],
      ],
    ),
  );
  await t.settle(
    (await t.accept(-1)).map((r) => r.runId),
    performance.now() + 30_000,
  );
  const startOf = new Map<string, number>();
  let next = 0;
  t.profiler.start();
  const first = performance.now();
  const caller = async () => {
    while (next < THROUGHPUT.events && performance.now() - first < THROUGHPUT.acceptBudget) {
      const at = performance.now();
      for (const r of await t.accept(next++)) startOf.set(r.runId, at);
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  const acceptMs = performance.now() - first;
  const ids = [...startOf.keys()];
  await t.settle(ids, performance.now() + THROUGHPUT.settleBudget);
  const commands = t.profiler.stop();
  const done = ids.filter((id) => t.succeededAt.has(id));
  const last = Math.max(...done.map((id) => t.succeededAt.get(id) as number));
  const perStep = done.map((id) => ((t.succeededAt.get(id) as number) - (startOf.get(id) as number)) / 3);
  await t.app.stop();
  const counted = await getModels(t.connection).Run.countDocuments({ tenantId: t.tenantId, status: 'succeeded' });
  return report({
    scenario: `3 GREEN actions, ${callers === 1 ? 'sequential accepts' : `${callers} concurrent callers`}`,
    runs: done.length,
    eventsPerSecond: (1000 * ids.length) / acceptMs,
    runsPerSecond: (1000 * done.length) / (last - first),
    stepMedian: percentile(perStep, 50),
    stepP99: percentile(perStep, 99),
    steps: 3 * done.length,
    unfinished: ids.length + 1 - counted,
    commands,
  });
}

function report(row: Row): Row {
  const top = row.commands.slice(0, 3).map((c) => `${c.command} ${fmt(c.ms / c.count)} ms`);
  process.stderr.write(
    `${fmt((performance.now() - began) / 1000, 0)} s: ${row.scenario}: ${row.runs} runs, ${fmt(row.stepMedian)} ms/step; ${top.join(', ')}\n`,
  );
  return row;
}

const rows: Row[] = [];
try {
  rows.push(await chain(CHAIN_10, `chain of ${CHAIN_10.length} log_event, one run at a time`));
  rows.push(await chain({ ...CHAIN_10, runs: 10 }, `same, Agenda polling every 60 s`, 60_000));
  rows.push(await chain(CHAIN_100, `chain of ${CHAIN_100.length} log_event, one run at a time`));
  rows.push(await throughput(1));
  rows.push(await throughput(8));
} finally {
  cancelWatchdog();
  await server.stop();
}
printResults();

function printResults() {
  process.stdout.write(`\n### (b) Engine end to end on the database — ${machine()}\n\n`);
  printTable(
    [
      'scenario',
      '>runs',
      '>events/s',
      '>runs/s',
      '>per-step median ms',
      '>p99 ms',
      '>step interval p50 ms',
      '>unfinished',
    ],
    rows.map((r) => [
      r.scenario,
      r.runs,
      r.eventsPerSecond === undefined ? '–' : fmt(r.eventsPerSecond),
      r.runsPerSecond === undefined ? '–' : fmt(r.runsPerSecond),
      fmt(r.stepMedian),
      fmt(r.stepP99),
      r.intervalMedian === undefined ? '–' : fmt(r.intervalMedian),
      r.unfinished ?? 0,
    ]),
  );
  const [ten, , hundred] = rows as [Row | undefined, Row | undefined, Row | undefined];
  if (!ten || !hundred) return;
  const verdict = (ms: number) => (ms <= TARGET_STEP_MS ? 'met' : 'MISSED');
  process.stdout.write(
    `\nTarget: per-step overhead ≤ ${TARGET_STEP_MS} ms at the median. Step interval (one transition to the next): ` +
      `${verdict(Math.max(ten.intervalMedian ?? Infinity, hundred.intervalMedian ?? Infinity))} ` +
      `(${fmt(ten.intervalMedian ?? Number.NaN)} ms in the 10-chain, ${fmt(hundred.intervalMedian ?? Number.NaN)} ms in the 100-chain). ` +
      `Run time / steps, the accept included: ${verdict(Math.max(ten.stepMedian, hundred.stepMedian))} ` +
      `(${fmt(ten.stepMedian)} and ${fmt(hundred.stepMedian)} ms).\n`,
  );
  for (const r of rows) {
    process.stdout.write(`\nDatabase commands per step — ${r.scenario} (${r.steps} steps)\n\n`);
    printTable(
      ['command', '>per step', '>mean ms', '>ms per step'],
      r.commands
        .slice(0, 10)
        .map((c) => [c.command, fmt(c.count / r.steps, 2), fmt(c.ms / c.count), fmt(c.ms / r.steps)]),
    );
  }
}
