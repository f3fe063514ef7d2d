import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The builder is plain JavaScript shared with the setup scripts, which run before dependencies exist.
import { ensureFerretdbBinary } from '../../../tools/ferretdb/build.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** A running MongoDB-compatible database and how to release it. */
export interface DatabaseHandle {
  /** Connection string without a database name (each user picks its own database). */
  uri: string;
  /** `mongodb` when MONGODB_URI was given, `ferretdb` when an embedded FerretDB is used. */
  kind: 'mongodb' | 'ferretdb';
  /** True when this process started the database and will stop it. */
  owned: boolean;
  /** Stops the database when this process owns it; otherwise does nothing. */
  stop(): Promise<void>;
}

/** Contents of `DATA_DIR/db.json` while an embedded database runs. */
export interface DbFile {
  uri: string;
  kind: 'ferretdb';
  supervisorPid: number;
  ownerPid: number;
  startedAt: string;
}

export interface ResolveDatabaseOptions {
  /** `MONGODB_URI`; when set, no embedded database is started. */
  mongodbUri?: string | undefined;
  /** Folder for the embedded database's files and `db.json`. */
  dataDir: string;
  /** Progress messages (defaults to stderr). */
  log?: (message: string) => void;
}

/**
 * Finds or starts the database: `MONGODB_URI` when given; otherwise the embedded FerretDB recorded in
 * `DATA_DIR/db.json` when it is still reachable (a second process shares it); otherwise a new FerretDB
 * (SQLite backend, 127.0.0.1, free port) owned by this process, stopped when `stop()` is called or when this
 * process dies (its supervisor watches a pipe to us).
 */
export async function resolveDatabase(options: ResolveDatabaseOptions): Promise<DatabaseHandle> {
  if (options.mongodbUri) {
    return { uri: options.mongodbUri, kind: 'mongodb', owned: false, stop: async () => {} };
  }
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const lock = await acquireLock(join(dataDir, 'db.lock'));
  try {
    const existing = await readLiveDbFile(dataDir);
    if (existing) {
      return { uri: existing.uri, kind: 'ferretdb', owned: false, stop: async () => {} };
    }
    return await startFerretdb(dataDir, options.log ?? ((m) => process.stderr.write(`${m}\n`)));
  } finally {
    lock();
  }
}

/** Reads `db.json` when the database it names is still accepting connections. */
export async function readLiveDbFile(dataDir: string): Promise<DbFile | undefined> {
  const file = join(dataDir, 'db.json');
  if (!existsSync(file)) return undefined;
  let parsed: DbFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as DbFile;
  } catch {
    return undefined;
  }
  if (!isAlive(parsed.supervisorPid)) return undefined;
  const { hostname, port } = new URL(parsed.uri);
  return (await canConnect(hostname, Number(port))) ? parsed : undefined;
}

async function startFerretdb(dataDir: string, log: (m: string) => void): Promise<DatabaseHandle> {
  const binary = ensureFerretdbBinary({ log });
  const sqliteDir = join(dataDir, 'ferretdb');
  mkdirSync(join(sqliteDir, 'state'), { recursive: true });
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = [
      '--handler=sqlite',
      `--sqlite-url=file:${sqliteDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      `--state-dir=${join(sqliteDir, 'state')}`,
      '--log-level=warn',
    ];
    const supervisor = spawn(
      process.execPath,
      [join(here, 'ferretdb-supervisor.mjs'), join(dataDir, 'ferretdb.log'), binary, ...args],
      { stdio: ['pipe', 'ignore', 'inherit'] },
    );
    try {
      await waitForPort(port, supervisor, 20_000);
    } catch (error) {
      lastError = error;
      supervisor.kill('SIGKILL');
      continue;
    }
    const uri = `mongodb://127.0.0.1:${port}/`;
    const dbFile: DbFile = {
      uri,
      kind: 'ferretdb',
      supervisorPid: supervisor.pid ?? -1,
      ownerPid: process.pid,
      startedAt: new Date().toISOString(),
    };
    writeFileSync(join(dataDir, 'db.json'), `${JSON.stringify(dbFile, null, 2)}\n`);
    // The pipe and the child must not keep this process alive by themselves.
    supervisor.unref();
    (supervisor.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    let stopped: Promise<void> | undefined;
    return {
      uri,
      kind: 'ferretdb',
      owned: true,
      stop: () => {
        stopped ??= stopSupervisor(supervisor, join(dataDir, 'db.json'));
        return stopped;
      },
    };
  }
  throw new Error(`FerretDB did not start: ${String(lastError)}; see ${join(dataDir, 'ferretdb.log')}`);
}

function stopSupervisor(supervisor: ChildProcess, dbFile: string): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      try {
        const current = JSON.parse(readFileSync(dbFile, 'utf8')) as DbFile;
        if (current.supervisorPid === supervisor.pid) unlinkSync(dbFile);
      } catch {
        // already removed
      }
      done();
    };
    if (supervisor.exitCode !== null || supervisor.signalCode !== null) return finish();
    supervisor.once('exit', finish);
    // Keep this process alive until the supervisor has stopped FerretDB (both were unref'd at start).
    supervisor.ref();
    (supervisor.stdin as unknown as { ref?: () => void } | null)?.ref?.();
    supervisor.stdin?.end();
  });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const end = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => end(false));
    socket.once('connect', () => end(true));
    socket.once('error', () => end(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with code ${child.exitCode}`);
    if (await canConnect('127.0.0.1', port, 250)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`FerretDB did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** A crude inter-process lock on a file: created exclusively, removed when released or when its owner died. */
async function acquireLock(file: string): Promise<() => void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const text = readFileSafe(file);
      const holder = Number(text);
      // An empty file is a lock being written right now; only a named, dead holder is stale.
      if (text !== '' && !isAlive(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`database lock ${file} held by process ${holder}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
