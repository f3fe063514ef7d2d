import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from './chromium.ts';

const ROOT = join(import.meta.dirname, '..');
const START_TIMEOUT_MS = 120_000;

/** What the tests read from the environment (set here, inherited by the workers). */
export const ENV = {
  url: 'IAPM_E2E_URL',
  email: 'IAPM_E2E_EMAIL',
  password: 'IAPM_E2E_PASSWORD',
  apiKey: 'IAPM_E2E_API_KEY',
} as const;

/** Waits for the server's start-up lines: its address, the demo login and the demo firm's first API key. */
function readStartup(server: ChildProcess): Promise<{ url: string; email: string; password: string; apiKey: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Open (http:\/\/\S+?)\/?\s/.exec(out)?.[1];
      const login = /Demo login: (\S+) \/ (\S+)/.exec(out);
      const key = /API key \(shown once\): (\S+)/.exec(out)?.[1];
      if (url && login && key) {
        clearTimeout(timer);
        server.stdout?.off('data', onData);
        resolve({ url, email: login[1] as string, password: login[2] as string, apiKey: key });
      }
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before starting:\n${out}`));
    });
  });
}

/**
 * Builds what is missing (dependencies, the embedded database, the studio bundle), then starts the real
 * server — API, runtime and built studio — on a free port with a fresh embedded database in a temporary
 * DATA_DIR, where it creates the demo firm. Returns the teardown that stops it and removes the data.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  chromiumPath();
  const { setup } = (await import(join(ROOT, 'scripts', 'setup.mjs'))) as { setup: () => Promise<void> };
  await setup();
  const dataDir = mkdtempSync(join(tmpdir(), 'iapm-e2e-'));
  const server = spawn(process.execPath, [join(ROOT, 'server', 'bin', 'server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', MONGODB_URI: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = await readStartup(server);
  // Keep draining the server's output so that it never blocks on a full pipe.
  server.stdout?.resume();
  server.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk}`));
  process.env[ENV.url] = started.url;
  process.env[ENV.email] = started.email;
  process.env[ENV.password] = started.password;
  process.env[ENV.apiKey] = started.apiKey;
  return async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await Promise.race([once(server, 'exit'), new Promise((r) => setTimeout(r, 20_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}
