// Benchmark (a): the runtime's pure core only — in memory, one thread, no store, no adapters.
// A run = startRun + one advance per GREEN action, each `action.perform` answered at once with `{}`.
// Run: node --import tsx bench/engine-memory.bench.ts   (or `npm run bench`)
import { checkWorkflow } from '@iapm/schemas';
import { advance, type RunInput, startRun, type Workflow } from '../runtime/src/core/index.ts';
import { POLICY } from '../runtime/src/core/test-kit.ts'; // default firm policy: no raise, no auto-approval

const TARGET_RUNS_PER_SECOND = 20_000;
const WARMUP_RUNS = 2_000;
const MEASURE_SECONDS = 5;
const BATCH_SIZE = 500;
const NOW = '2026-11-05T15:20:00.000Z';

/** An `email:classified` payload: an OQTF notified to a person who is free (`libre`). */
const PAYLOAD = {
  messageId: '<bench@example.org>',
  category: 'ceseda',
  procedureType: 'OQTF',
  situation: 'libre',
  confidence: 0.97,
  provenance: { provider: 'bench', model: 'none', promptVersion: '1' },
  workspaceId: 'ws-42',
  summary: 'Notification OQTF',
  decisionDate: '2026-11-04',
};

const ACTION_TEMPLATES = [
  {
    action: 'create_deadline',
    params: {
      workspaceId: '{{payload.workspaceId}}',
      procedure: '{{payload.procedureType}}',
      situation: '{{payload.situation}}',
      decisionDate: '{{payload.decisionDate}}',
    },
  },
  {
    action: 'create_note',
    params: { workspaceId: '{{payload.workspaceId}}', text: 'Délai créé : {{payload.summary}}' },
  },
  { action: 'log_event', params: { message: 'OQTF {{payload.situation}} traité' } },
];

/**
 * trigger(email:classified) → condition(procedureType === OQTF) → switch(situation: libre | retention | default)
 * → `actionCount` GREEN actions in a chain on the `libre` case. The other required ports (condition `false`,
 * switch `retention` and `default`) go to the last action, so the document passes checkWorkflow.
 */
function buildWorkflow(actionCount: number): Workflow {
  const actions = Array.from({ length: actionCount }, (_, i) => {
    const template = ACTION_TEMPLATES[i % ACTION_TEMPLATES.length] as (typeof ACTION_TEMPLATES)[number];
    return { id: `act${i + 1}`, kind: 'action', ...template };
  });
  const last = actions[actions.length - 1]?.id as string;
  const nodes = [
    { id: 'start', kind: 'trigger', event: 'email:classified' },
    { id: 'isOqtf', kind: 'condition', logic: { '===': [{ var: 'payload.procedureType' }, 'OQTF'] } },
    {
      id: 'bySituation',
      kind: 'switch',
      cases: [
        { port: 'libre', logic: { '===': [{ var: 'payload.situation' }, 'libre'] } },
        { port: 'retention', logic: { '===': [{ var: 'payload.situation' }, 'retention'] } },
      ],
    },
    ...actions,
  ];
  const wires: [string, string, string?][] = [
    ['start', 'isOqtf'],
    ['isOqtf', 'bySituation', 'true'],
    ['isOqtf', last, 'false'],
    ['bySituation', 'act1', 'libre'],
    ['bySituation', last, 'retention'],
    ['bySituation', last, 'default'],
    ...actions.slice(1).map((a, i): [string, string] => [actions[i]?.id as string, a.id]),
  ];
  const edges = wires.map(([source, target, port], i) => ({
    id: `e${i + 1}`,
    source,
    target,
    ...(port ? { port } : {}),
  }));
  const workflow = {
    schemaVersion: 1,
    id: `wf-bench-${nodes.length}`,
    name: `Bench ${nodes.length} nodes`,
    nodes,
    edges,
  };
  const checked = checkWorkflow(workflow);
  const errors = checked.issues.filter((issue) => issue.severity === 'error');
  if (errors.length) throw new Error(`invalid bench workflow: ${JSON.stringify(errors, null, 2)}`);
  return workflow as unknown as Workflow;
}

/** One complete run; returns how many core calls (startRun + advance) it took. */
function runOnce(workflow: Workflow, runNumber: number): number {
  let { state, effects } = startRun(
    workflow,
    {
      runId: `run-${runNumber}`,
      workflowId: workflow.id ?? 'wf-bench',
      version: 1,
      event: { id: `evt-${runNumber}`, type: 'email:classified', payload: PAYLOAD, occurredAt: NOW, causation: [] },
      policy: POLICY,
    },
    NOW,
  );
  let calls = 1;
  for (;;) {
    const perform = effects.find((e) => e.type === 'action.perform');
    if (!perform) break;
    const input: RunInput = { type: 'action.succeeded', nodeId: perform.nodeId, attempt: perform.attempt, output: {} };
    ({ state, effects } = advance(workflow, state, input, NOW)); // the no-op handler answers at once
    calls++;
  }
  if (state.status !== 'succeeded') throw new Error(`run ${runNumber} ended ${state.status}`);
  return calls;
}

interface Result {
  name: string;
  runs: number;
  runsPerSecond: number;
  meanMicros: number;
  p50Micros: number;
  p99Micros: number;
  advancesPerRun: number;
  stepsPerRun: number;
  heapUsedMB: number;
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

function bench(name: string, workflow: Workflow): Result {
  let runNumber = 0;
  let advancesPerRun = 0;
  for (let i = 0; i < WARMUP_RUNS; i++) advancesPerRun = runOnce(workflow, runNumber++);
  const samples: number[] = [];
  const deadline = process.hrtime.bigint() + BigInt(MEASURE_SECONDS * 1e9);
  let totalNanos = 0n;
  let runs = 0;
  while (process.hrtime.bigint() < deadline) {
    const batchStart = process.hrtime.bigint();
    for (let i = 0; i < BATCH_SIZE; i++) {
      const runStart = process.hrtime.bigint();
      runOnce(workflow, runNumber++);
      samples.push(Number(process.hrtime.bigint() - runStart) / 1e3);
    }
    totalNanos += process.hrtime.bigint() - batchStart;
    runs += BATCH_SIZE;
  }
  const sorted = Float64Array.from(samples).sort();
  const seconds = Number(totalNanos) / 1e9;
  return {
    name,
    runs,
    runsPerSecond: runs / seconds,
    meanMicros: (seconds * 1e6) / runs,
    p50Micros: percentile(sorted, 50),
    p99Micros: percentile(sorted, 99),
    advancesPerRun,
    stepsPerRun: workflow.nodes.length,
    heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const results = [
  bench('6-node GREEN (condition, switch, 3 actions)', buildWorkflow(3)),
  bench('20-node GREEN chain (condition, switch, 17 actions)', buildWorkflow(17)),
];

const lines = [
  '| benchmark | runs | runs/s | µs/run p50 | µs/run p99 | advances/run |',
  '|---|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${fmt(r.runs)} | ${fmt(r.runsPerSecond)} | ${fmt(r.p50Micros, 1)} | ${fmt(r.p99Micros, 1)} | ${r.advancesPerRun} |`,
  ),
  '',
  '| benchmark | µs/run mean | µs per node step | heap used after (MB) |',
  '|---|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${fmt(r.meanMicros, 1)} | ${fmt(r.meanMicros / r.stepsPerRun, 2)} | ${fmt(r.heapUsedMB, 1)} |`,
  ),
  '',
  `advances/run counts startRun + one advance per action. Target: ≥ ${fmt(TARGET_RUNS_PER_SECOND)} runs/s (6-node) — ` +
    ((results[0]?.runsPerSecond ?? 0) >= TARGET_RUNS_PER_SECOND ? 'met.' : 'MISSED.'),
];
process.stdout.write(`${lines.join('\n')}\n`);
