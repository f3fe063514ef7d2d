// Benchmark (c): park runs on a 30 s wait on the embedded database, let them resume, measure lateness.
// Workflow: trigger(client:created) → wait PT30S → log_event (no-op handler). Runs are started through
// `events.accept` by CONCURRENCY callers; lateness = wait step's endedAt − (step.at + 30 s), read from the run.
// Each size runs on a database server of its own (started and stopped around it) and is bounded in time;
// runs not resumed by then are counted as such.
// Run: node --import tsx bench/waits.bench.ts [sizes...]   (default 25 50 100; e.g. `... 10000` to try 10,000)
// Env: CONCURRENCY (default 2), PROCESS_EVERY_MS (Agenda, default 200), PARK_BUDGET_MS (30 s), SIZE_BUDGET_MS
// (75 s per size), TOTAL_BUDGET_MS (235 s: then the results so far are printed and everything is stopped).
// SPREAD_S=<seconds>: instead of 30 s after each start, run i waits `until` a date of its own: the due dates
// are spread evenly over SPREAD_S seconds that begin when the parking budget ends, so that every run is
// parked before the first one is due (10,000 runs parked, then resumed at N / SPREAD_S per second).
import type { Step } from '../runtime/src/core/types.ts';
import { getModels } from '../runtime/src/db/models/index.ts';
import { createTenantFixture, publishFixture } from '../runtime/src/engine/engine-kit.ts';
import {
  buildEngine,
  clientPayload,
  flow,
  fmt,
  machine,
  noopHandlers,
  percentile,
  printTable,
  sleep,
  startDatabase,
  watchdog,
} from './db-kit.ts';

const argSizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const SIZES = argSizes.length ? argSizes : [25, 50, 100];
const WAIT_MS = 30_000;
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 2);
const PROCESS_EVERY_MS = Number(process.env.PROCESS_EVERY_MS ?? 200);
const TARGET_P99_MS = 1_000;
/** Per size: accepting stops after PARK_BUDGET_MS; everything stops SIZE_BUDGET_MS after the first accept. */
const PARK_BUDGET_MS = Number(process.env.PARK_BUDGET_MS ?? 30_000);
const SPREAD_S = process.env.SPREAD_S ? Number(process.env.SPREAD_S) : undefined;
const SIZE_BUDGET_MS = Number(
  process.env.SIZE_BUDGET_MS ?? (SPREAD_S ? PARK_BUDGET_MS + SPREAD_S * 1000 + 60_000 : 75_000),
);

interface Result {
  requested: number;
  parked: number;
  parkSeconds: number;
  resumed: number;
  lateness: number[];
  drainSeconds: number | undefined;
  errors: Map<string, number>;
  acceptRetries: number;
  peakInFlight: number;
}

const results: Result[] = [];
let server: Awaited<ReturnType<typeof startDatabase>> | undefined;
const cancelWatchdog = watchdog(Number(process.env.TOTAL_BUDGET_MS ?? 235_000), async () => {
  printResults();
  await server?.stop();
});

async function measure(requested: number): Promise<Result> {
  server = await startDatabase('waits');
  const connection = await server.connect(`n${requested}`);
  const models = getModels(connection);
  const succeededAt = new Map<string, number>();
  const parkedAt = new Map<string, number>();
  const errors = new Map<string, number>();
  let measuring = true;
  const countError = (where: string, error: unknown) => {
    if (!measuring) return; // errors after the end (database stopped under the engine) are not counted
    const message = String((error as Error)?.message ?? error).replace(/^(\[[^\]]*\] ?)+/, '');
    const key = `${where}: ${message.slice(0, 70)}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
  };
  // Database commands in flight (its peak shows the pile-up behind the single SQLite writer).
  let inFlight = 0;
  let peakInFlight = 0;
  const pending = new Map<number, string>();
  connection.getClient().on('commandStarted', (e) => {
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    const target = (e.command as Record<string, unknown>)[e.commandName];
    pending.set(e.requestId, `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim());
  });
  const ended = (e: { requestId: number }) => {
    inFlight--;
    pending.delete(e.requestId);
  };
  connection.getClient().on('commandSucceeded', ended);
  connection.getClient().on('commandFailed', ended);
  /** The commands in flight, most frequent first (what the database is busy with). */
  const busyWith = () => {
    const counts = new Map<string, number>();
    for (const name of pending.values()) counts.set(name, (counts.get(name) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, n]) => `${n} ${name}`)
      .join(', ');
  };
  const app = await buildEngine(connection, {
    handlers: noopHandlers(['log_event']),
    processEvery: PROCESS_EVERY_MS,
    onTransition: (run) => {
      if (run.state.status === 'succeeded') succeededAt.set(run.id, Date.now());
    },
  });
  // Parked = the wake job is saved (the run is created already `waiting`, with no transition reported).
  const scheduleWake = app.scheduler.scheduleWake.bind(app.scheduler);
  app.scheduler.scheduleWake = async (job) => {
    await scheduleWake(job);
    parkedAt.set(job.runId, Date.now());
  };
  // The engine reports its own errors (and leaves the run to the sweeper); count them instead of printing.
  (app.engine as unknown as { report: (runId: string, error: unknown) => void }).report = (_id, error) =>
    countError('engine', error);
  app.scheduler.agenda.on('fail', (error: unknown) => countError('agenda job', error));
  app.scheduler.agenda.on('error', (error: unknown) => countError('agenda', error));
  const tenantId = await createTenantFixture(connection);
  await publishFixture(
    connection,
    tenantId,
    flow(
      'Attente 30 s',
      'client:created',
      [
        SPREAD_S
          ? { id: 'wait', kind: 'wait', until: '{{payload.createdAt}}' }
          : { id: 'wait', kind: 'wait', for: 'PT30S' },
        { id: 'log', kind: 'action', action: 'log_event', params: { message: 'relance {{payload.lastName}}' } },
      ],
      [
        ['start', 'wait'],
        ['wait', 'log'],
      ],
    ),
  );
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  /** In SPREAD_S mode, when run i is due (its `payload.createdAt`, which the wait waits `until`). */
  const dueOf = (i: number) => started + PARK_BUDGET_MS + Math.floor(((SPREAD_S ?? 0) * 1000 * i) / requested);
  const progress = setInterval(() => {
    const line = `${Math.round(elapsed() / 1000)} s: parked ${parkedAt.size}, resumed ${succeededAt.size}, db commands in flight ${inFlight}${inFlight ? ` (${busyWith()})` : ''}`;
    process.stderr.write(`  [${requested}] ${line}\n`);
  }, 10_000);
  let next = 0;
  let acceptRetries = 0;
  // A client retries a failed accept (SQLITE_BUSY) with the same idempotency key, at most 5 times.
  const caller = async () => {
    while (next < requested && elapsed() < PARK_BUDGET_MS) {
      const i = next++;
      for (let attempt = 1; attempt <= 5; attempt++) {
        try {
          await app.events.accept(tenantId, {
            type: 'client:created',
            payload: SPREAD_S ? { ...clientPayload(i), createdAt: new Date(dueOf(i)).toISOString() } : clientPayload(i),
            idempotencyKey: `w-${i}`,
          });
          break;
        } catch (error) {
          countError('accept', error);
          acceptRetries++;
          await sleep(50 * attempt);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  const accepted = next;
  while (parkedAt.size < accepted && elapsed() < SIZE_BUDGET_MS) await sleep(100);
  const parkSeconds = (Math.max(...parkedAt.values()) - started) / 1000;
  while (succeededAt.size < parkedAt.size && elapsed() < SIZE_BUDGET_MS) await sleep(100);
  const stoppedAt = Date.now();
  clearInterval(progress);
  await Promise.race([app.stop(), sleep(10_000)]);
  // Lateness of every parked run: endedAt − (at + 30 s); a run not resumed counts as at least (stop − due).
  const lateness: number[] = [];
  let firstDue = Number.POSITIVE_INFINITY;
  for await (const run of models.Run.find({}, { 'state.steps': 1, 'state.event': 1 })
    .lean()
    .cursor({ batchSize: 200 })) {
    const { state } = run as { state?: { steps?: Step[]; event?: { payload?: { createdAt?: string } } } };
    const wait = (state?.steps ?? []).find((s) => s.nodeId === 'wait');
    if (!wait) continue;
    const due = SPREAD_S ? Date.parse(state?.event?.payload?.createdAt ?? '') : Date.parse(wait.at) + WAIT_MS;
    firstDue = Math.min(firstDue, due);
    lateness.push((wait.endedAt ? Date.parse(wait.endedAt) : stoppedAt) - due);
  }
  const resumed = succeededAt.size;
  measuring = false;
  return {
    requested,
    parked: parkedAt.size,
    parkSeconds,
    resumed,
    lateness,
    drainSeconds: resumed === parkedAt.size ? (Math.max(...succeededAt.values()) - firstDue) / 1000 : undefined,
    errors,
    acceptRetries,
    peakInFlight,
  };
}

function printResults() {
  process.stdout.write(
    `\n### (c) Waits: parked runs (${SPREAD_S ? `due dates spread over ${SPREAD_S} s after parking` : 'wait PT30S'}) — ${machine()}; ${CONCURRENCY} callers, Agenda processEvery ${PROCESS_EVERY_MS} ms\n\n`,
  );
  printTable(
    ['runs', '>parked', '>park s', '>parked/s', '>resumed', '>late p50 ms', '>late p99 ms', '>late max ms', '>drain s'],
    results.map((r) => {
      // With runs not resumed, lateness values are lower bounds.
      const bound = (p: number) => (r.resumed < r.parked && r.resumed / r.parked < p / 100 ? '≥ ' : '');
      return [
        r.requested.toLocaleString('en-US'),
        r.parked.toLocaleString('en-US'),
        fmt(r.parkSeconds),
        fmt(r.parked / r.parkSeconds),
        r.resumed.toLocaleString('en-US'),
        `${bound(50)}${fmt(percentile(r.lateness, 50), 0)}`,
        `${bound(99)}${fmt(percentile(r.lateness, 99), 0)}`,
        `${bound(100)}${fmt(Math.max(...r.lateness), 0)}`,
        r.drainSeconds === undefined ? 'not drained' : fmt(r.drainSeconds),
      ];
    }),
  );
  for (const r of results) {
    const met = r.resumed === r.requested && percentile(r.lateness, 99) <= TARGET_P99_MS;
    process.stdout.write(
      `\n${r.requested} runs: target p99 lateness ≤ ${TARGET_P99_MS} ms ${met ? 'met' : 'MISSED'}; ` +
        `peak database commands in flight ${r.peakInFlight}; accept retries ${r.acceptRetries}\n`,
    );
    for (const [what, count] of r.errors) process.stdout.write(`- ${count} × ${what}\n`);
  }
}

try {
  for (const size of SIZES) {
    results.push(await measure(size));
    await server?.stop(); // also ends what the engine and Agenda still had in progress
  }
} finally {
  cancelWatchdog();
  await server?.stop();
}
printResults();
