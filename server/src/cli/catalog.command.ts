import { parseArgs } from 'node:util';
import { getCatalog } from '@iapm/schemas';
import type { CliIo } from './main.ts';

/** `iapm catalog [--json]`: the events, actions, operators and node kinds. */
export function catalogCommand(argv: string[], io: CliIo): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const catalog = getCatalog();
  if (values.json) {
    io.out(`${JSON.stringify(catalog)}\n`);
    return 0;
  }
  io.out(`Événements (${catalog.events.length})\n`);
  for (const e of catalog.events) io.out(`  ${e.type.padEnd(28)} ${e.label.fr}\n`);
  io.out(`\nActions (${catalog.actions.length})\n`);
  for (const a of catalog.actions) {
    const tag = a.nodeKind ? `→ nœud ${a.nodeKind}` : `${a.autonomy}`;
    io.out(`  ${a.name.padEnd(20)} ${tag.padEnd(14)} ${a.label.fr}\n`);
  }
  io.out(`\nOpérateurs (${catalog.operators.length})\n`);
  for (const o of catalog.operators) io.out(`  ${o.id.padEnd(18)} ${o.label.fr}\n`);
  io.out(`\nTypes de nœuds (${catalog.nodeKinds.length}): ${catalog.nodeKinds.map((k) => k.kind).join(', ')}\n`);
  return 0;
}
