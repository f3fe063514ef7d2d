// Builds the pinned FerretDB binary once into a cache folder and returns its path.
// Plain Node (no dependencies) so that `npm start` / `npm test` can call it before `npm install` finishes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { patches } from './patches.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

/** The FerretDB version pinned by `tools/ferretdb/go.mod`. */
export function pinnedVersion() {
  const goMod = readFileSync(join(here, 'go.mod'), 'utf8');
  const match = goMod.match(/github\.com\/FerretDB\/FerretDB (v\d+\.\d+\.\d+)/);
  if (!match) throw new Error('tools/ferretdb/go.mod does not pin github.com/FerretDB/FerretDB');
  return match[1];
}

/** Cache folder root: IAPM_CACHE_DIR, else XDG_CACHE_HOME/iapm, else ~/.cache/iapm. */
export function cacheRoot() {
  if (process.env.IAPM_CACHE_DIR) return process.env.IAPM_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'iapm');
}

/** Where the binary for the current go.mod/go.sum lives (a new pin gets a new folder). */
export function binaryPath() {
  const digest = createHash('sha256')
    .update(readFileSync(join(here, 'go.mod')))
    .update(readFileSync(join(here, 'go.sum')))
    .update(readFileSync(join(here, 'patches.mjs')))
    .digest('hex')
    .slice(0, 12);
  return join(cacheRoot(), `ferretdb-${pinnedVersion()}-${digest}`, 'ferretdb');
}

/**
 * Returns the path of the FerretDB binary, building it first when it is missing.
 *
 * The module proxy's copy of FerretDB lacks the generated `build/version/version.txt`, and a binary built
 * from it as a tool (`go tool ferretdb`, or `go build` of the tool package) panics at start with
 * "Invalid build/version/version.txt file content". The build therefore vendors the pinned module graph into
 * a scratch folder, writes that one generated file into the vendored copy, applies `patches.mjs` (see there
 * for why), and builds with `-mod=vendor`:
 * the sources and versions are exactly those pinned by go.mod/go.sum.
 * `IAPM_FERRETDB_BIN` overrides everything.
 */
export function ensureFerretdbBinary({ log = (msg) => process.stderr.write(`${msg}\n`) } = {}) {
  if (process.env.IAPM_FERRETDB_BIN) return process.env.IAPM_FERRETDB_BIN;
  const target = binaryPath();
  if (existsSync(target)) return target;
  const version = pinnedVersion();
  const workDir = `${dirname(target)}.build-${process.pid}`;
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  copyFileSync(join(here, 'go.mod'), join(workDir, 'go.mod'));
  copyFileSync(join(here, 'go.sum'), join(workDir, 'go.sum'));
  log(`Building FerretDB ${version} into ${dirname(target)} (once; about two minutes)…`);
  const go = (args) => {
    const result = spawnSync('go', args, {
      cwd: workDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    });
    if (result.error) throw new Error(`cannot run go (${result.error.message}); install Go >= 1.24 or set MONGODB_URI`);
    if (result.status !== 0) throw new Error(`go ${args.join(' ')} failed with exit code ${result.status}`);
  };
  go(['mod', 'vendor']);
  const versionFile = join(workDir, 'vendor', FERRETDB_MODULE, 'build', 'version', 'version.txt');
  writeFileSync(versionFile, `${version}\n`);
  applyPatches(join(workDir, 'vendor', FERRETDB_MODULE));
  const built = join(workDir, 'ferretdb');
  const result = spawnSync(
    'go',
    ['build', '-mod=vendor', '-trimpath', '-o', built, `${FERRETDB_MODULE}/cmd/ferretdb`],
    {
      cwd: workDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOFLAGS: '' },
    },
  );
  if (result.status !== 0) throw new Error(`go build of FerretDB failed with exit code ${result.status}`);
  mkdirSync(dirname(target), { recursive: true });
  renameSync(built, target);
  rmSync(workDir, { recursive: true, force: true });
  log(`FerretDB ${version} ready: ${target}`);
  return target;
}

/** Applies `patches.mjs` to the vendored FerretDB sources (each exact text must occur once). */
function applyPatches(moduleDir) {
  for (const patch of patches) {
    const file = join(moduleDir, patch.file);
    const source = readFileSync(file, 'utf8');
    const count = source.split(patch.find).length - 1;
    if (count !== 1)
      throw new Error(`FerretDB patch ${patch.id}: expected the text once in ${patch.file}, found ${count}`);
    writeFileSync(file, source.replace(patch.find, patch.replace));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${ensureFerretdbBinary()}\n`);
}
