// Property-based API fuzzing with schemathesis (from PyPI) against a running server, driven by the server's
// own /api/openapi.json: no answer may be a 5xx, and every 4xx/5xx must be application/problem+json with its
// code and French and English message (server/fuzz/hooks.py). Bounded: a fixed number of examples per
// operation and a hard time limit. Exit 0 when every pass is clean, 1 otherwise (and on any setup failure).
//
//   node scripts/fuzz.mjs            FUZZ_EXAMPLES=25 FUZZ_TIMEOUT_S=600 FUZZ_SEED=123 node scripts/fuzz.mjs
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const FUZZ_DIR = join(ROOT, 'server', 'fuzz');
const requirement = readFileSync(join(FUZZ_DIR, 'requirements.txt'), 'utf8').trim();
const VENV = join(ROOT, 'node_modules', '.cache', 'iapm', `fuzz-venv-${requirement.replace(/[^a-z0-9.]+/gi, '-')}`);
const BIN = join(VENV, 'bin', 'schemathesis');
const EXAMPLES = Number(process.env.FUZZ_EXAMPLES ?? 8);
const TIMEOUT_MS = Number(process.env.FUZZ_TIMEOUT_S ?? 480) * 1000;
const log = (m) => process.stdout.write(`[fuzz] ${m}\n`);

/** Installs schemathesis into a virtual environment of its own (once), with the pinned version. */
function ensureSchemathesis() {
  if (existsSync(BIN)) return;
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) throw new Error('Python 3 is required for the API fuzzing step (schemathesis); none was found');
  mkdirSync(join(VENV, '..'), { recursive: true });
  log(`installing ${requirement} into ${VENV}…`);
  const venv = spawnSync(python, ['-m', 'venv', VENV], { stdio: 'inherit' });
  if (venv.status !== 0) throw new Error(`${python} -m venv failed`);
  const pip = spawnSync(join(VENV, 'bin', 'pip'), ['install', '--quiet', '-r', join(FUZZ_DIR, 'requirements.txt')], {
    stdio: 'inherit',
  });
  if (pip.status !== 0 || !existsSync(BIN)) throw new Error('pip install schemathesis failed');
}

/** Starts the throw-away server with its fixtures; resolves with {url, cookie, operatorCookie, apiKey, fixtures} and the process. */
function startServer() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'server', 'tools', 'scratch-server.ts'), '--fixtures'],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('the scratch server did not start within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`the scratch server exited (${code}) before it was ready`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve({ ...JSON.parse(line), child });
    });
  });
}

/**
 * A schemathesis configuration that gives the operations addressing one resource the id of a real one (the
 * scratch server's fixtures), so that their fuzzing reaches the route's logic instead of stopping at a 404.
 */
function writeConfig(fixtures, dir) {
  const bindings = [
    [
      '^/api/workflows/\\{id\\}',
      { 'path.id': fixtures.workflowId, 'path.version': fixtures.version, 'path.caseId': fixtures.testCaseId },
    ],
    ['^/api/checklist-items/\\{id\\}', { 'path.id': fixtures.checklistItemId }],
    ['^/api/alerts/\\{id\\}', { 'path.id': fixtures.alertId }],
    ['^/api/deadlines/\\{id\\}', { 'path.id': fixtures.deadlineId }],
    ['^/api/runs/\\{id\\}', { 'path.id': fixtures.runId }],
    ['^/api/validations/\\{id\\}', { 'path.id': fixtures.validationId }],
    ['^/api/users/\\{id\\}', { 'path.id': fixtures.userId }],
    ['^/api/api-keys/\\{id\\}', { 'path.id': fixtures.apiKeyId }],
    ['^/api/workspaces/\\{id\\}', { 'path.id': fixtures.workspaceId }],
    ['^/api/notifications/\\{id\\}', { 'path.id': fixtures.notificationId }],
    ['^/api/documents/\\{id\\}', { 'path.id': fixtures.documentId }],
    ['^/api/presets/\\{id\\}', { 'path.id': 'oqtf-libre' }],
    ['^/api/platform/tenants/\\{id\\}', { 'path.id': fixtures.tenantId }],
  ];
  const toml = bindings
    .map(([regex, params]) => {
      const set = Object.entries(params).filter(([, v]) => v !== undefined);
      if (set.length === 0) return '';
      const values = set.map(([k, v]) => `"${k}" = ${JSON.stringify(v)}`).join(', ');
      return `[[operations]]\ninclude-path-regex = '${regex}'\nparameters = { ${values} }\n`;
    })
    .filter(Boolean)
    .join('\n');
  const file = join(dir, 'schemathesis.toml');
  writeFileSync(file, toml);
  return file;
}

/** One schemathesis pass; resolves with whether it was clean and how many test cases it ran. */
function pass(name, target, { examples, phases, args }, deadline) {
  log(`${name}…`);
  const child = spawn(
    BIN,
    [
      ...(target.configFile ? ['--config-file', target.configFile] : []),
      'run',
      `${target.url}/api/openapi.json`,
      '--url',
      target.url,
      '--checks',
      'not_a_server_error,problem_json_errors',
      '--max-examples',
      String(examples),
      '--phases',
      phases,
      // One worker: Python 3.11's AST module is not thread-safe in hypothesis's lambda descriptions.
      '--workers',
      '1',
      '--generation-database',
      'none',
      // Hypothesis's health checks judge the generator (too many candidates filtered out for one operation's
      // constrained body, large examples), not the API: a failed one says nothing about the server, and would
      // fail a run at random.
      '--suppress-health-check',
      'all',
      '--request-timeout',
      '30',
      '--no-color',
      ...(process.env.FUZZ_SEED ? ['--seed', process.env.FUZZ_SEED] : []),
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, SCHEMATHESIS_HOOKS: join(FUZZ_DIR, 'hooks.py') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => {
        output += `\n[fuzz] ${name}: time limit reached, stopped\n`;
        child.kill('SIGKILL');
      },
      Math.max(1000, deadline - Date.now()),
    );
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const ok = code === 0 && !signal;
      // The failures and the summary are what matters; the progress lines are left out.
      const from = output.search(/={5,} (FAILURES|ERRORS|SUMMARY) ={5,}/);
      process.stdout.write(
        ok ? `${output.slice(output.search(/={5,} SUMMARY/))}\n` : `${from >= 0 ? output.slice(from) : output}\n`,
      );
      resolve({ name, ok, cases: /Test cases:\s*\n?\s*(\d+) generated/.exec(output)?.[1] ?? '?' });
    });
  });
}

const started = Date.now();
const deadline = started + TIMEOUT_MS;
let server;
let configDir;
let failed = false;
try {
  ensureSchemathesis();
  server = await startServer();
  log(`server at ${server.url}; fixtures ${JSON.stringify(server.fixtures)}`);
  configDir = mkdtempSync(join(tmpdir(), 'iapm-fuzz-'));
  server.configFile = writeConfig(server.fixtures ?? {}, configDir);
  const session = ['-H', `Cookie: ${server.cookie}`];
  const results = [
    // Everything a signed-in lawyer (ADMIN) reaches, except what would end the fuzzing session itself; the
    // coverage phase adds the boundary values of every schema (missing fields, wrong types, limits).
    await pass(
      'session (ADMIN)',
      server,
      {
        examples: EXAMPLES,
        phases: 'examples,coverage,fuzzing',
        args: [...session, '--exclude-path-regex', '^/api/(v1/|platform/|auth/(logout|password|totp/))'],
      },
      deadline,
    ),
    // The event API with the firm's key: more examples, no coverage phase (its walk of the 36 event
    // payload schemas under one oneOf does not finish in a useful time).
    await pass(
      'API key (event API)',
      server,
      {
        examples: EXAMPLES * 8,
        phases: 'examples,fuzzing',
        args: ['-H', `Authorization: Bearer ${server.apiKey}`, '--include-path-regex', '^/api/v1/'],
      },
      deadline,
    ),
    // The platform's operations with the operator's session (SUPER_ADMIN): firms, plans, platform figures.
    // Last, since it may suspend the fuzzed firm.
    await pass(
      'session (SUPER_ADMIN)',
      server,
      {
        examples: EXAMPLES,
        phases: 'examples,coverage,fuzzing',
        args: ['-H', `Cookie: ${server.operatorCookie}`, '--include-path-regex', '^/api/(platform/|audit)'],
      },
      deadline,
    ),
  ];
  for (const r of results) log(`${r.name}: ${r.ok ? 'ok' : 'FAILED'} (${r.cases} test cases)`);
  failed = results.some((r) => !r.ok);
} catch (error) {
  log(`error: ${error.message}`);
  failed = true;
} finally {
  if (server) {
    server.child.stdin.end();
    await new Promise((r) => {
      const t = setTimeout(() => {
        server.child.kill('SIGKILL');
        r();
      }, 20_000);
      server.child.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
}
if (configDir) rmSync(configDir, { recursive: true, force: true });
log(`${failed ? 'FAILED' : 'ok'} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(failed ? 1 : 0);
