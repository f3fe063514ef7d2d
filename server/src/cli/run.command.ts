import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runSandbox, type SandboxEvent, type ScriptedDecision, type Trace, type Workflow } from '@iapm/runtime';
import { checkWorkflow, findEvent, validateWith } from '@iapm/schemas';
import type { CliIo } from './main.ts';

const DECISIONS = ['APPROVED', 'REJECTED', 'MODIFIED_APPROVED'];

/**
 * `iapm run WORKFLOW.json --event EVENT.json [--at ISO] [--decide NODE=DECISION]... [--default-decision D] [--json]`:
 * runs the workflow in the sandbox (virtual time, nothing leaves the machine) and prints the trace.
 * Exit 0 when the run succeeded or stopped waiting/awaiting validation, 1 when it failed or the inputs are invalid.
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      event: { type: 'string' },
      at: { type: 'string' },
      decide: { type: 'string', multiple: true, default: [] },
      'default-decision': { type: 'string' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'fr' },
    },
  });
  const lang = values.lang === 'en' ? 'en' : 'fr';
  if (positionals.length !== 1 || !values.event) {
    io.err(
      'usage: iapm run WORKFLOW.json --event EVENT.json [--at ISO] [--decide NODE=APPROVED|REJECTED|MODIFIED_APPROVED]... [--default-decision APPROVED|REJECTED] [--json]\n',
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
  const event = JSON.parse(readFileSync(values.event, 'utf8')) as SandboxEvent;
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
    for (const issue of issues)
      io.out(`${values.event}: error ${issue.pointer} ${issue.code} — ${issue.message[lang]}\n`);
    return 1;
  }
  const trace = runSandbox(checked.value, event, {
    ...(values.at ? { at: values.at } : {}),
    decisions,
    ...(defaultDecision ? { defaultDecision: defaultDecision as 'APPROVED' | 'REJECTED' } : {}),
  });
  io.out(values.json ? `${JSON.stringify(trace, null, 2)}\n` : formatTrace(trace));
  return trace.status === 'failed' ? 1 : 0;
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
    lines.push(parts.join('  '));
  }
  if (trace.error) lines.push(`Erreur : ${trace.error.code} — ${trace.error.message}`);
  return `${lines.join('\n')}\n`;
}
