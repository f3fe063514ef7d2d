import { parseArgs } from 'node:util';
import { getRule, listRules } from '@iapm/presets';
import {
  CONFIDENCE_LABELS,
  computeDeadline,
  type DeadlineEvent,
  type DeadlineInput,
  NOTIFICATION_MODES,
  type NotificationMode,
  type ProcedureType,
  REGIONS,
  type Region,
  type Situation,
  selectRule,
  type TraceEntry,
} from '@iapm/runtime';
import { issuesOf, printIssues } from './domain-output.ts';
import type { CliIo } from './main.ts';

const USAGE = `usage: iapm deadline (--rule RULE_ID | --procedure TYPE [--situation libre|assigne|detenu|retention])
         --notified ISO_DATETIME [--decision-date YYYY-MM-DD]
         [--mode ${NOTIFICATION_MODES.join('|')}] [--first-presentation ISO] [--available ISO]
         [--printed YYYY-MM-DD] [--event TYPE=ISO]... [--zone IANA] [--region REGION] [--local-holidays]
         [--now ISO] [--json] [--lang fr|en]
`;

const EVENT_TYPES = [
  'assignation-notified',
  'retention-notified',
  'legal-aid-requested',
  'legal-aid-decided',
  'lawyer-designated',
  'administrative-appeal-filed',
  'administrative-appeal-rejected',
];

/**
 * `iapm deadline`: computes a deadline from a CESEDA rule (or the rule chosen for a procedure and situation) and
 * prints `{ruleId, dueAt, alertAt, variants, urgency, trace, legalRef, confidence}`. A decision taken before the
 * rule took effect switches to the former regime's rule, as the trace says. Exit 1 on bad input, 2 on bad usage.
 */
export function deadlineCommand(argv: string[], io: CliIo): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      rule: { type: 'string' },
      procedure: { type: 'string' },
      situation: { type: 'string' },
      notified: { type: 'string' },
      'decision-date': { type: 'string' },
      mode: { type: 'string' },
      'first-presentation': { type: 'string' },
      available: { type: 'string' },
      printed: { type: 'string' },
      event: { type: 'string', multiple: true, default: [] },
      zone: { type: 'string' },
      region: { type: 'string' },
      'local-holidays': { type: 'boolean', default: false },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'fr' },
      help: { type: 'boolean', default: false },
    },
  });
  const lang = values.lang === 'en' ? 'en' : 'fr';
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if ((!values.rule && !values.procedure) || (!values.notified && !values['first-presentation'] && !values.available)) {
    io.err(USAGE);
    return 2;
  }
  if (values.mode && !NOTIFICATION_MODES.includes(values.mode as NotificationMode)) {
    io.err(`iapm deadline: --mode must be one of ${NOTIFICATION_MODES.join(', ')}\n`);
    return 2;
  }
  if (values.region && !(REGIONS as readonly string[]).includes(values.region)) {
    io.err(`iapm deadline: --region must be one of ${REGIONS.join(', ')}\n`);
    return 2;
  }
  try {
    const choice = selectRule(listRules(), {
      ...(values.rule ? { ruleId: values.rule } : { procedureType: values.procedure as ProcedureType }),
      ...(values.situation ? { situation: values.situation as Situation } : {}),
      ...(values['decision-date'] ? { decisionDate: values['decision-date'] } : {}),
    });
    const events: DeadlineEvent[] = [];
    for (const item of values.event ?? []) {
      const cut = item.indexOf('=');
      const type = item.slice(0, cut);
      const at = item.slice(cut + 1);
      if (cut < 1 || !EVENT_TYPES.includes(type)) {
        io.err(`iapm deadline: --event expects TYPE=ISO with TYPE one of ${EVENT_TYPES.join(', ')}, got "${item}"\n`);
        return 2;
      }
      events.push(switchEvent(type, at, events, choice.rule.id) ?? ({ type, at } as DeadlineEvent));
    }
    const input: DeadlineInput = {
      ...(values.notified ? { notifiedAt: values.notified } : {}),
      ...(values.mode ? { mode: values.mode as NotificationMode } : {}),
      ...(values['decision-date'] ? { decisionDate: values['decision-date'] } : {}),
      ...(values['first-presentation'] ? { firstPresentationAt: values['first-presentation'] } : {}),
      ...(values.available ? { madeAvailableAt: values.available } : {}),
      ...(values.printed ? { printedDecisionDate: values.printed } : {}),
      ...(values.zone ? { zone: values.zone } : {}),
      ...(values.region ? { region: values.region as Region } : {}),
      ...(values['local-holidays'] ? { applyLocalHolidays: true } : {}),
      ...(events.length > 0 ? { events } : {}),
    };
    const now = values.now ?? new Date().toISOString();
    const result = computeDeadline(choice.rule, input, now);
    const chosen: TraceEntry[] = choice.reasons.map((reason) => ({ step: 'regime', ...reason }));
    const trace = [...chosen, ...result.trace];
    if (values.json) {
      io.out(`${JSON.stringify({ ...result, trace }, null, 2)}\n`);
      return 0;
    }
    const fr = lang === 'fr';
    io.out(`${fr ? 'Règle' : 'Rule'} : ${result.ruleId} — ${result.label}\n`);
    io.out(`${fr ? 'Échéance' : 'Due'} : ${result.dueAt}\n`);
    io.out(`${fr ? 'Alerte' : 'Alert'} : ${result.alertAt}\n`);
    io.out(`${fr ? 'Urgence' : 'Urgency'} : ${result.urgency}\n`);
    io.out(`${fr ? 'Confiance' : 'Confidence'} : ${CONFIDENCE_LABELS[result.confidence][lang]}\n`);
    if (result.status !== 'running') io.out(`${fr ? 'Statut' : 'Status'} : ${result.status}\n`);
    if (result.variants.length > 0) {
      io.out(`${fr ? 'Variantes' : 'Variants'} :\n`);
      for (const variant of result.variants) {
        io.out(`  - ${variant.dueAt}  ${fr ? variant.label : variant.labelEn}\n`);
      }
    }
    io.out(`${fr ? 'Calcul' : 'Computation'} :\n`);
    trace.forEach((entry, index) => {
      io.out(`  ${String(index + 1).padStart(2)}. ${entry[lang]}\n`);
    });
    io.out(
      `${fr ? 'Fondement' : 'Legal basis'} : ${result.legalRef}\n${fr ? 'Source' : 'Source'} : ${result.sourceUrl}\n`,
    );
    return 0;
  } catch (error) {
    const issues = issuesOf(error);
    if (issues) return printIssues(io, 'deadline', issues, lang);
    throw error;
  }
}

/** A switch event carries the rule switched to: the current rule's `switches` entry (after earlier switches). */
function switchEvent(type: string, at: string, earlier: DeadlineEvent[], ruleId: string): DeadlineEvent | undefined {
  if (type !== 'assignation-notified' && type !== 'retention-notified') return undefined;
  const kind = type === 'assignation-notified' ? 'assignation' : 'retention';
  let current = getRule(ruleId);
  for (const event of earlier) {
    if (event.type === 'assignation-notified' || event.type === 'retention-notified') current = event.rule;
  }
  const target = current.switches?.[kind];
  return { type, at, rule: target ? getRule(target) : current } as DeadlineEvent;
}
