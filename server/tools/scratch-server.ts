// Starts a throw-away server (API fuzzing, the event API benchmark): a fresh database (embedded FerretDB in a temporary folder, or
// MONGODB_URI with a database of its own), a firm with its ADMIN signed in and an API key, a platform
// operator (SUPER_ADMIN) signed in, and the HTTP API on a free loopback port. Prints one JSON line
// {url, cookie, operatorCookie, apiKey} when ready; stops everything on SIGTERM/SIGINT or when stdin closes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActionHandlers, InProcessLiveChannel } from '@iapm/runtime';
import { ensureIndexes, getModels, resolveDatabase } from '@iapm/runtime/db';
import mongoose from 'mongoose';
import pino from 'pino';
import { createLogger } from '../src/http/logging.ts';
import { startServer } from '../src/lifecycle.ts';
import { createSuperAdmin, createTenant } from '../src/services/tenant.service.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'iapm-scratch-'));
const db = await resolveDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, log: () => {} });
const dbName = `scratch_${Date.now().toString(36)}`;
const connection = await mongoose.createConnection(db.uri, { dbName }).asPromise();
await ensureIndexes(connection);
const models = getModels(connection);
const live = new InProcessLiveChannel();
const running = await startServer({
  connection,
  models,
  databaseKind: db.kind,
  handlers: createActionHandlers({ live }),
  live,
  port: 0,
  host: '127.0.0.1',
  // Errors (a 500's cause) go to stderr; stdout carries only the ready line.
  logger: createLogger(process.env.LOG_LEVEL ?? 'error', pino.destination(2)),
});
const url = `http://127.0.0.1:${running.port}`;
const firm = await createTenant(models, {
  name: 'Cabinet Essai',
  adminEmail: 'essai@cabinet.example',
  adminPassword: 'essai-mot-de-passe-long',
  plan: 'Enterprise',
});
const operator = await createSuperAdmin(models, { email: 'operateur@plateforme.example' });
/** Signs in and answers the session cookie (`name=value`). */
async function signIn(email: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${email} answered ${login.status}`);
  return String(login.headers.get('set-cookie')).split(';')[0] as string;
}
const cookie = await signIn(firm.adminEmail, firm.adminPassword);
const operatorCookie = await signIn(operator.email, operator.password);
process.stdout.write(`${JSON.stringify({ url, cookie, operatorCookie, apiKey: firm.apiKey })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await running.stop().catch(() => {});
  if (db.kind === 'mongodb') await connection.dropDatabase().catch(() => {});
  await connection.close().catch(() => {});
  await db.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
