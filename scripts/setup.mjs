// Sets up what a fresh clone lacks, using only Node's standard library (it runs before `npm install`):
// dependencies, the embedded database binary (unless MONGODB_URI is set) and the built studio.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'generated') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Installs the npm dependencies when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (npm install)…');
  // `npm install` rather than `npm ci`: the lock file does not list the optional native packages of other
  // platforms, which `npm ci` then refuses; `npm install` keeps the locked versions and adds what is missing.
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** Builds the pinned FerretDB once (skipped when MONGODB_URI names an external database). */
export async function ensureDatabaseBinary() {
  if (process.env.MONGODB_URI) return;
  const { ensureFerretdbBinary } = await import('../tools/ferretdb/build.mjs');
  ensureFerretdbBinary({ log });
}

/** Builds the studio when its bundle is missing or older than its sources (or the schemas it imports). */
export function ensureStudioBuild() {
  const built = join(ROOT, 'studio', 'dist', 'index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'studio', 'src')),
    newestMtime(join(ROOT, 'studio', 'index.html')),
    newestMtime(join(ROOT, 'studio', 'vite.config.ts')),
    newestMtime(join(ROOT, 'studio', 'build')),
    newestMtime(join(ROOT, 'schemas', 'src')),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  log('building the studio…');
  run('npm', ['run', 'build', '-w', '@iapm/studio']);
}

/**
 * Installs Debian's Chromium for the end-to-end tests when it is missing and this process may use apt-get
 * (root); otherwise says what to do. `IAPM_CHROMIUM` names another Chromium. The tests fail when none exists.
 */
export function ensureChromium() {
  const wanted = process.env.IAPM_CHROMIUM || '/usr/bin/chromium';
  if (existsSync(wanted)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (process.env.IAPM_CHROMIUM || !root || !apt) {
    log(`Chromium is missing at ${wanted}: install it (apt-get install -y chromium) or set IAPM_CHROMIUM`);
    return;
  }
  log('installing Chromium for the end-to-end tests (apt-get install chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  }
  if (install.status !== 0) log('could not install Chromium: the end-to-end tests will fail');
}

/** Everything `npm start` and `npm test` need (`chromium`: also the browser of the end-to-end tests). */
export async function setup({ studio = true, chromium = false } = {}) {
  ensureDependencies();
  await ensureDatabaseBinary();
  if (studio) ensureStudioBuild();
  if (chromium) ensureChromium();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await setup();
}
