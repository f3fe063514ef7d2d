/**
 * Generates `src/generated/types.ts` from the schema files. `--check` regenerates in memory and exits 1 when
 * the file on disk differs (CI runs it; a test does the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTypes } from '../src/codegen/generate.ts';

const target = join(import.meta.dirname, '..', 'src', 'generated', 'types.ts');
const fresh = await generateTypes();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== fresh) {
    process.stderr.write('schemas/src/generated/types.ts is stale: run `npm run codegen`\n');
    process.exit(1);
  }
  process.stdout.write('generated types are up to date\n');
} else {
  writeFileSync(target, fresh);
  process.stdout.write(`wrote ${target}\n`);
}
