// `npm run bench`: runs every bench/*.bench.mjs in turn (each prints its own table).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, setup } from './setup.mjs';

await setup({ studio: false });
const benches = readdirSync(join(ROOT, 'bench'))
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .sort();
if (benches.length === 0) process.stdout.write('no benchmarks yet\n');
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n# ${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', file)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
