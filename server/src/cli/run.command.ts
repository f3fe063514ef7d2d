import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { listRules } from '@iapm/presets';
import {
  runSandbox,
  type SandboxEvent,
  type SandboxOptions,
  type ScriptedDecision,
  sandboxHandlers,
  type Trace,
  triggerAccepts,
  type Workflow,
} from '@iapm/runtime';
import {
  checkWorkflow,
  defRef,
  findEvent,
  type Issue,
  PRESET_SCHEMA,
  type PresetScenario,
  validateWith,
} from '@iapm/schemas';
import type { CliIo } from './main.ts';

const DECISIONS = ['APPROVED', 'REJECTED', 'MODIFIED_APPROVED'];

/**
 * `iapm run WORKFLOW.json --event EVENT.json [--scenario SCENARIO.json] [--at ISO] [--decide NODE=DECISION]...
 * [--default-decision D] [--json]`: runs the workflow in the sandbox (virtual time, nothing leaves the machine) and
 * prints the trace. A preset scenario (presets/<id>/scenarios/*.json) brings its decisions, imposed outputs, events
 * and start time — and its event when `--event` is not given; the options given on the command line win.
 * Exit 0 when the run succeeded or stopped waiting/awaiting validation, 1 when it failed or the inputs are invalid.
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      event: { type: 'string' },
      scenario: { type: 'string' },
      at: { type: 'string' },
      decide: { type: 'string', multiple: true, default: [] },
      'default-decision': { type: 'string' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'fr' },
    },
  });
  const lang = values.lang === 'en' ? 'en' : 'fr';
  if (positionals.length !== 1 || !(values.event || values.scenario)) {
    io.err(
      'usage: iapm run WORKFLOW.json --event EVENT.json [--scenario SCENARIO.json] [--at ISO] [--decide NODE=APPROVED|REJECTED|MODIFIED_APPROVED]... [--default-decision APPROVED|REJECTED] [--json]\n',
    );
    return 2;
  }
  const decisions: Record<string, ScriptedDecision> = {};
  for (const item of values.decide ?? []) {
    const [node, decision] = item.split('=');
    if (!node || !decision || !DECISIONS.includes(decision)) {
      io.err(`iapm run: --decide expects NODE_ID=${DECISIONS.join('|')}, got "${item}"\n`);
      return 2;
    }
    decisions[node] = decision as ScriptedDecision;
  }
  const defaultDecision = values['default-decision'];
  if (defaultDecision && defaultDecision !== 'APPROVED' && defaultDecision !== 'REJECTED') {
    io.err('iapm run: --default-decision expects APPROVED or REJECTED\n');
    return 2;
  }
  if (values.at && Number.isNaN(Date.parse(values.at))) {
    io.err(`iapm run: --at expects an ISO 8601 date-time, got "${values.at}"\n`);
    return 2;
  }
  const workflow = JSON.parse(readFileSync(positionals[0] as string, 'utf8'));
  const checked = checkWorkflow<Workflow>(workflow);
  if (!checked.ok) {
    for (const issue of checked.issues)
      io.out(`${positionals[0]}: ${issue.severity} ${issue.pointer || '/'} ${issue.code} — ${issue.message[lang]}\n`);
    return 1;
  }
  let fromScenario: { event?: SandboxEvent; options: SandboxOptions } = { options: {} };
  if (values.scenario) {
    const loaded = loadScenario(values.scenario);
    if ('issues' in loaded) {
      for (const issue of loaded.issues)
        io.out(`${values.scenario}: error ${issue.pointer || '/'} ${issue.code} — ${issue.message[lang]}\n`);
      return 1;
    }
    fromScenario = loaded;
  }
  const eventFile = values.event ?? values.scenario;
  const event = (values.event ? JSON.parse(readFileSync(values.event, 'utf8')) : fromScenario.event) as SandboxEvent;
  const entry = findEvent(event?.type);
  const payloadCheck = entry ? validateWith(entry.schemaRef, event.payload, '/payload') : undefined;
  if (!entry || !payloadCheck?.ok) {
    const issues = payloadCheck?.issues ?? [
      {
        pointer: '/type',
        code: 'catalog.unknown-event',
        message: { fr: `Événement inconnu : « ${event?.type} ».`, en: `Unknown event: "${event?.type}".` },
      },
    ];
    for (const issue of issues) io.out(`${eventFile}: error ${issue.pointer} ${issue.code} — ${issue.message[lang]}\n`);
    return 1;
  }
  if (!triggerAccepts(checked.value, event))
    io.err(
      lang === 'fr'
        ? "iapm run : le déclencheur du workflow n'accepte pas cet événement (type ou filtre) ; en production, aucun run ne démarrerait.\n"
        : "iapm run: the workflow's trigger does not take this event (type or filter); in production no run would start.\n",
    );
  // As the studio's test runs: extraction by the built-in rules, deadlines by the CESEDA rules.
  const trace = runSandbox(checked.value, event, {
    handlers: sandboxHandlers({ rules: listRules() }),
    ...fromScenario.options,
    ...(values.at ? { at: values.at } : {}),
    decisions: { ...fromScenario.options.decisions, ...decisions },
    ...(defaultDecision ? { defaultDecision: defaultDecision as 'APPROVED' | 'REJECTED' } : {}),
  });
  io.out(values.json ? `${JSON.stringify(trace, null, 2)}\n` : formatTrace(trace));
  return trace.status === 'failed' ? 1 : 0;
}

/**
 * A preset scenario file, its sample references read from the preset's `samples/` folder (the scenario's folder's
 * sibling). Issues (with pointers) when the file does not match the scenario schema or names a missing sample.
 */
function loadScenario(file: string): { event: SandboxEvent; options: SandboxOptions } | { issues: Issue[] } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      issues: [
        {
          pointer: '',
          code: 'json.parse',
          message: {
            fr: `JSON illisible : ${(error as Error).message}`,
            en: `Unreadable JSON: ${(error as Error).message}`,
          },
          severity: 'error',
        },
      ],
    };
  }
  const checked = validateWith<PresetScenario>(defRef(PRESET_SCHEMA.$id, 'scenario'), data);
  if (!checked.ok) return { issues: checked.issues };
  const scenario = checked.value;
  const presetFolder = dirname(dirname(file));
  const issues: Issue[] = [];
  const resolve = (ref: PresetScenario['event'], at: string): SandboxEvent | undefined => {
    if (typeof ref !== 'string') return ref as SandboxEvent;
    try {
      return JSON.parse(readFileSync(join(presetFolder, ref), 'utf8')) as SandboxEvent;
    } catch {
      issues.push({
        pointer: at,
        code: 'preset.unknown-sample',
        message: { fr: `L'événement d'exemple « ${ref} » n'existe pas.`, en: `Sample event "${ref}" does not exist.` },
        severity: 'error',
      });
      return undefined;
    }
  };
  const event = resolve(scenario.event, '/event');
  const events = (scenario.events ?? []).map((e, i) => resolve(e, `/events/${i}`));
  if (issues.length || !event) return { issues };
  return {
    event,
    options: {
      ...(scenario.at ? { at: scenario.at } : {}),
      ...(scenario.decisions ? { decisions: scenario.decisions as Record<string, ScriptedDecision> } : {}),
      ...(scenario.defaultDecision ? { defaultDecision: scenario.defaultDecision } : {}),
      ...(scenario.outputs ? { outputs: scenario.outputs } : {}),
      ...(scenario.failures ? { failures: scenario.failures as SandboxOptions['failures'] } : {}),
      ...(events.length ? { events: events as SandboxEvent[] } : {}),
      ...(scenario.horizonDays ? { horizonDays: scenario.horizonDays } : {}),
    },
  };
}

const paris = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(iso),
  );

function formatTrace(trace: Trace): string {
  const lines = [`Statut : ${trace.status} — début ${paris(trace.startedAt)}, fin ${paris(trace.endedAt)}`];
  for (const s of trace.steps) {
    const parts = [
      `  ${paris(s.at).padEnd(38)} ${s.nodeId.padEnd(22)} ${s.kind}${s.action ? `:${s.action}` : ''}`,
      s.status,
    ];
    if (s.port) parts.push(`→ ${s.port}`);
    if (s.autonomy) parts.push(s.autonomy);
    if (s.validation) parts.push(`validation ${s.validation.status}`);
    if (s.wakeAt) parts.push(`reprise prévue ${paris(s.wakeAt)}`);
    else if (s.kind === 'wait' && s.endedAt && s.endedAt !== s.at) parts.push(`reprise ${paris(s.endedAt)}`);
    if (s.error) parts.push(`erreur ${s.error.code}: ${s.error.message}`);
    if (s.simulated) parts.push('(simulé)');
    if (s.scripted) parts.push('(sortie imposée)');
    lines.push(parts.join('  '));
  }
  if (trace.error) lines.push(`Erreur : ${trace.error.code} — ${trace.error.message}`);
  return `${lines.join('\n')}\n`;
}
