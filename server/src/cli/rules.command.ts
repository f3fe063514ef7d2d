import { parseArgs } from 'node:util';
import { listRules } from '@iapm/presets';
import type { CliIo } from './main.ts';

const UNITS: Record<string, string> = { hours: 'h', days: 'j', months: 'mois' };

/** `iapm rules [--json]`: the CESEDA deadline rules (id, period, computation, validity, reliability). */
export function rulesCommand(argv: string[], io: CliIo): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const rules = listRules();
  if (values.json) {
    io.out(`${JSON.stringify(rules, null, 2)}\n`);
    return 0;
  }
  io.out(`Règles de délai CESEDA (${rules.length})\n`);
  for (const rule of rules) {
    const period = `${rule.amount} ${UNITS[rule.unit]}`;
    const validity = rule.validFrom ? `dès ${rule.validFrom}` : rule.validTo ? `jusqu'au ${rule.validTo}` : '';
    io.out(
      `  ${rule.id.padEnd(28)} ${period.padEnd(8)} ${rule.computation.kind.padEnd(12)} ${rule.confidence.padEnd(6)} ${validity.padEnd(16)} ${rule.label.fr}\n`,
    );
  }
  io.out(
    '\nfixed : calcul établi ; disputed : lectures divergentes, toutes calculées ; alternatives : selon les faits.\n',
  );
  return 0;
}
