import { parseArgs } from 'node:util';
import { listPresets, PRESETS_DIR, validatePresets } from '@iapm/presets';
import { BUILTIN_TEMPLATE_IDS } from '@iapm/runtime';
import type { CliIo } from './main.ts';

const CATEGORY: Record<string, string> = { intake: 'accueil', procedure: 'procédure', 'follow-up': 'suivi' };

/**
 * `iapm presets [--json] [--check]`: the preset gallery (id, category, trigger, gates, name); `--check` also
 * checks every preset (workflow, samples, scenarios, document templates built in) and exits 1 when one has a
 * problem.
 */
export function presetsCommand(argv: string[], io: CliIo): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'fr' },
    },
  });
  const lang = values.lang === 'en' ? 'en' : 'fr';
  const presets = listPresets();
  const issues = values.check ? validatePresets(PRESETS_DIR, { templates: BUILTIN_TEMPLATE_IDS }).issues : [];
  if (values.json) {
    io.out(`${JSON.stringify(values.check ? { presets, issues } : presets, null, 2)}\n`);
    return issues.length ? 1 : 0;
  }
  io.out(lang === 'fr' ? `Modèles de workflow (${presets.length})\n` : `Workflow presets (${presets.length})\n`);
  for (const p of presets) {
    const trigger = p.trigger.event ?? (p.trigger.cron ? `cron ${p.trigger.cron}` : '—');
    const gates = `${p.gates.red} R / ${p.gates.orange} O`;
    io.out(
      `  ${p.id.padEnd(22)} ${(lang === 'fr' ? (CATEGORY[p.category] ?? p.category) : p.category).padEnd(10)} ${trigger.padEnd(20)} ${gates.padEnd(10)} ${p.scenarios.length} sc.  ${p.name[lang]}\n`,
    );
  }
  io.out(
    lang === 'fr'
      ? '\nR / O : validations ROUGES et ORANGE ; sc. : scénarios testés dans le bac à sable. `iapm run presets/<id>/workflow.json --event presets/<id>/samples/<x>.json`\n'
      : '\nR / O: RED and ORANGE gates; sc.: scenarios tested in the sandbox. `iapm run presets/<id>/workflow.json --event presets/<id>/samples/<x>.json`\n',
  );
  if (values.check) {
    for (const i of issues)
      io.out(`${i.presetId}/${i.file}: error ${i.pointer || '/'} ${i.code} — ${i.message[lang]}\n`);
    io.out(
      issues.length
        ? `${issues.length} problème(s)\n`
        : lang === 'fr'
          ? 'Tous les modèles sont valides.\n'
          : 'Every preset is valid.\n',
    );
  }
  return issues.length ? 1 : 0;
}
