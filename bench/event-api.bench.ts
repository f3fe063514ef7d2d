// Benchmark (d): the runtime event API over HTTP on loopback, with persistence. A real server runs in a
// process of its own (server/tools/scratch-server.ts: the production wiring — engine, Agenda, live hub,
// audit trail, logs off — on a fresh embedded FerretDB, or MONGODB_URI), and this process posts
// `POST /api/v1/events` with an API key over keep-alive connections.
//   - closed loop: 10 and 50 connections, each posting as fast as its answers come back, for 20 s;
//     events/s = 202 answers / elapsed; latency = request written → answer read, p50/p99;
//   - "no workflow": an event type no published workflow listens to (the event is validated and stored);
//     "1 workflow": `client:created` starts a run of a published trigger → log_event workflow each time;
//   - open loop: 200 events/s for 20 s at a fixed schedule (no workflow), the target: p99 ≤ 50 ms.
// Run: node --import tsx bench/event-api.bench.ts   (or `npm run bench`); BENCH_DURATION_MS shortens the scenarios,
// BENCH_SERVER_CPU_PROF=<folder> profiles the server, BENCH_SCENARIOS=open,closed,workflow picks scenarios.
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { clientPayload, fmt, machine, percentile, printTable, sleep, watchdog } from './db-kit.ts';

const ROOT = join(import.meta.dirname, '..');
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 20_000);
const TARGET = { rate: 200, p99: 50 };
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? 'closed,open,workflow').split(','));

interface Scratch {
  url: string;
  cookie: string;
  apiKey: string;
  child: ChildProcess;
}

async function startScratch(): Promise<Scratch> {
  // BENCH_SERVER_CPU_PROF=<folder>: the server writes a CPU profile there when it stops (bench/cpuprofile-top.mjs).
  const profile = process.env.BENCH_SERVER_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`]
    : [];
  const script = join(ROOT, 'server', 'tools', 'scratch-server.ts');
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`scratch server exited (${code})`)));
    createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).once('line', resolve);
  });
  return { ...JSON.parse(line), child };
}

const scratch = await startScratch();
const stop = async () => {
  scratch.child.stdin?.end();
  await new Promise((r) => scratch.child.once('exit', r));
};
const cancelWatchdog = watchdog(240_000, stop);
const { hostname, port } = new URL(scratch.url);

/** One POST on a keep-alive agent; resolves with the status and the latency in ms. */
function post(agent: Agent, path: string, body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; ms: number; text: string }>((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        agent,
        host: hostname,
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const auth = { authorization: `Bearer ${scratch.apiKey}` };
let counter = 0;
/** An event no workflow listens to, or a `client:created` (which the published workflow starts on). */
const eventBody = (kind: 'none' | 'workflow') =>
  JSON.stringify(
    kind === 'workflow'
      ? { type: 'client:created', payload: clientPayload(++counter) }
      : {
          type: 'system:error',
          payload: { source: 'api', code: 'BENCH', message: `event ${++counter}`, severity: 'warning' },
        },
  );

/** Ends the run early when the workflow scenarios are not asked for. */
class Done extends Error {}

/** The server's own count of event API answers by duration bucket (its `/metrics` histogram). */
async function serverBuckets(): Promise<Map<string, number>> {
  const res = await fetch(`${scratch.url}/metrics`);
  const text = await res.text();
  const buckets = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^iapm_http_request_duration_seconds_bucket\{(.*)\} (\d+)/.exec(line);
    if (!m?.[1]?.includes('route="/api/v1/events"')) continue;
    const le = /le="([^"]+)"/.exec(m[1])?.[1] ?? '';
    buckets.set(le, (buckets.get(le) ?? 0) + Number(m[2]));
  }
  return buckets;
}

interface Row {
  scenario: string;
  connections: string;
  accepted: number;
  errors: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
}
const rows: Row[] = [];
/** What the failed requests answered (status and the start of the body, or the socket error). */
const failures: string[] = [];
let serverSide = '';

async function closedLoop(kind: 'none' | 'workflow', connections: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + DURATION_MS;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const res = await post(agent, '/api/v1/events', eventBody(kind), auth).catch((error: Error) => ({
          status: 0,
          ms: 0,
          text: error.message,
        }));
        if (res.status === 202) latencies.push(res.ms);
        else {
          errors++;
          failures.push(`${res.status} ${res.text.slice(0, 200)}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  rows.push({
    scenario: kind === 'none' ? 'no workflow' : '1 workflow (a run per event)',
    connections: String(connections),
    accepted: latencies.length,
    errors,
    eventsPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  });
}

/** Posts at a fixed schedule (open loop: a slow answer does not delay the next request). */
async function openLoop(rate: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round((rate * DURATION_MS) / 1000);
  const before = await serverBuckets();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(
      post(agent, '/api/v1/events', eventBody('none'), auth).then(
        (res) => {
          // Latency from the scheduled time: a request that had to wait for a free socket counts its wait.
          if (res.status === 202) latencies.push(performance.now() - due);
          else {
            errors++;
            failures.push(`${res.status} ${res.text.slice(0, 200)}`);
          }
        },
        (error: Error) => {
          errors++;
          failures.push(String(error.message));
        },
      ),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  // The server's view of the same requests: time from its first middleware to the answer's end.
  const after = await serverBuckets();
  const count = (le: string) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const all = count('+Inf');
  if (all > 0)
    serverSide = ['0.01', '0.025', '0.05', '0.1']
      .map((le) => `≤ ${Number(le) * 1000} ms: ${fmt((100 * count(le)) / all)}%`)
      .join(', ');
  rows.push({
    scenario: `open loop, ${rate} events/s scheduled`,
    connections: '≤ 256',
    accepted: latencies.length,
    errors,
    eventsPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  });
}

function printResults() {
  process.stdout.write(`\nEvent API over HTTP — ${new Date().toISOString()} — ${machine()}\n`);
  process.stdout.write(`${DURATION_MS / 1000} s per scenario; latencies in ms\n\n`);
  printTable(
    ['scenario', '>connections', '>accepted', '>errors', '>events/s', '>p50 ms', '>p99 ms', '>max ms'],
    rows.map((r) => [
      r.scenario,
      r.connections,
      r.accepted,
      r.errors,
      fmt(r.eventsPerSecond),
      fmt(r.p50),
      fmt(r.p99),
      fmt(r.max),
    ]),
  );
  const open = rows.find((r) => r.scenario.startsWith('open loop'));
  if (open)
    process.stdout.write(
      `\nTarget: p99 ≤ ${TARGET.p99} ms at ${TARGET.rate} events/s — ${
        open.p99 <= TARGET.p99 && open.eventsPerSecond >= TARGET.rate * 0.95 ? 'met' : 'MISSED'
      } (p99 ${fmt(open.p99)} ms at ${fmt(open.eventsPerSecond)} events/s accepted)\n`,
    );
  if (serverSide) process.stdout.write(`Open loop, measured by the server itself: ${serverSide}\n`);
  const counted = new Map<string, number>();
  for (const f of failures) counted.set(f, (counted.get(f) ?? 0) + 1);
  for (const [failure, n] of counted) process.stdout.write(`Failed ${n}×: ${failure}\n`);
}

try {
  // Warm-up: compile the validators, fill the connection pools.
  const warm = new Agent({ keepAlive: true, maxSockets: 4 });
  for (let i = 0; i < 20; i++) {
    const res = await post(warm, '/api/v1/events', eventBody('none'), auth);
    if (res.status !== 202) throw new Error(`warm-up refused: ${res.status} ${res.text}`);
  }
  warm.destroy();
  if (SCENARIOS.has('closed')) {
    await closedLoop('none', 10);
    await closedLoop('none', 50);
  }
  if (SCENARIOS.has('open')) await openLoop(TARGET.rate);
  if (!SCENARIOS.has('workflow')) throw new Done();
  // Publish the workflow the `client:created` events start.
  const cookie = { cookie: scratch.cookie };
  const agent = new Agent({ keepAlive: true });
  const document = {
    schemaVersion: 1,
    name: 'Banc',
    nodes: [
      { id: 'start', kind: 'trigger', event: 'client:created' },
      { id: 'log', kind: 'action', action: 'log_event', params: { level: 'info', message: '{{payload.lastName}}' } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'log' }],
  };
  const created = await post(agent, '/api/workflows', JSON.stringify({ name: 'Banc', document }), cookie);
  const id = JSON.parse(created.text).id as string;
  const published = await post(agent, `/api/workflows/${id}/publish`, '{}', cookie);
  if (published.status !== 201) throw new Error(`publish failed: ${published.status} ${published.text}`);
  agent.destroy();
  await closedLoop('workflow', 10);
  await closedLoop('workflow', 50);
} catch (error) {
  if (!(error instanceof Done)) throw error;
} finally {
  printResults();
  cancelWatchdog();
  await stop();
}
