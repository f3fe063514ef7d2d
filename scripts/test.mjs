// `npm test`: set up what is missing, then run every check and every test suite, and print one line
// `N passed, N failed` totalling them all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, setup } from './setup.mjs';

await setup({ chromium: true });
const results = [];
const reportDir = join(ROOT, 'node_modules', '.cache', 'iapm');

function check(name, command, args) {
  process.stdout.write(`\n=== ${name}\n`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  const ok = result.status === 0;
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  process.stdout.write(`=== ${name}: ${ok ? 'ok' : 'FAILED'}\n`);
}

function vitest() {
  mkdirSync(reportDir, { recursive: true });
  const report = join(reportDir, 'vitest-report.json');
  rmSync(report, { force: true });
  process.stdout.write('\n=== unit and integration tests (vitest)\n');
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (!existsSync(report)) {
    results.push({ name: 'vitest', passed: 0, failed: 1 });
    return;
  }
  const data = JSON.parse(readFileSync(report, 'utf8'));
  // A test file that failed to load has no tests of its own: count it as one failure.
  const brokenFiles = data.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  const failed = data.numFailedTests + brokenFiles;
  results.push({ name: 'vitest', passed: data.numPassedTests, failed: failed || (result.status === 0 ? 0 : 1) });
}

// The studio in Debian's Chromium against a real server and database (e2e/). A missing Chromium, a server
// that does not start or a setup error is a failure, never a silent skip.
function e2e() {
  mkdirSync(reportDir, { recursive: true });
  const report = join(reportDir, 'e2e-report.json');
  rmSync(report, { force: true });
  process.stdout.write('\n=== end-to-end tests in Chromium (playwright)\n');
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', 'e2e', '--reporter=list,json'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report } },
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const { stats, errors = [] } = JSON.parse(readFileSync(report, 'utf8'));
    passed = stats.expected;
    // A flaky test (passed on retry) and a skipped one are not passes; a global error (setup) is a failure.
    failed = stats.unexpected + stats.flaky + stats.skipped + errors.length;
  }
  if (result.status !== 0 && failed === 0) failed = 1;
  process.stdout.write(`=== e2e: ${passed} passed, ${failed} failed\n`);
  results.push({ name: 'e2e (playwright, chromium)', passed, failed });
}

check('types (tsc)', 'npm', ['run', '--silent', 'typecheck']);
check('lint and format (biome)', 'npm', ['run', '--silent', 'lint']);
vitest();
// Property-based fuzzing of the running API from its OpenAPI document (schemathesis; a few minutes at most).
check('API fuzzing (schemathesis)', process.execPath, [join(ROOT, 'scripts', 'fuzz.mjs')]);
e2e();

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
process.stdout.write('\n');
for (const r of results) process.stdout.write(`  ${r.name}: ${r.passed} passed, ${r.failed} failed\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
