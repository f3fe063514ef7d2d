// Starts a throw-away server (API fuzzing, the event API benchmark): a fresh database (embedded FerretDB in a temporary folder, or
// MONGODB_URI with a database of its own), a firm with its ADMIN signed in and an API key, a platform
// operator (SUPER_ADMIN) signed in, and the HTTP API on a free loopback port. Prints one JSON line
// {url, cookie, operatorCookie, apiKey} when ready; stops everything on SIGTERM/SIGINT or when stdin closes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRules, loadChecklists } from '@iapm/presets';
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
const ceseda = { rules: listRules(), checklists: loadChecklists() };
const running = await startServer({
  connection,
  models,
  databaseKind: db.kind,
  handlers: createActionHandlers({ live, ceseda }),
  ceseda,
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
  return String(login.headers.get('set-cookie')).split(';')[0] ?? '';
}
const cookie = await signIn(firm.adminEmail, firm.adminPassword);
const operatorCookie = await signIn(operator.email, operator.password);
const fixtures = process.argv.includes('--fixtures') ? await createFixtures() : undefined;
process.stdout.write(`${JSON.stringify({ url, cookie, operatorCookie, apiKey: firm.apiKey, fixtures })}\n`);

/**
 * With `--fixtures`: one resource of each kind the API addresses by id, made through the API itself, so that
 * fuzzing reaches past the 404 of an unknown id: a published workflow (the OQTF preset) with a run waiting at
 * its gate, a case with a checklist item, an alert and a deadline, a document uploaded to it, a notification,
 * a saved test case, a second user and a second API key (so that fuzzing them never ends the session or the key
 * in use).
 */
async function createFixtures(): Promise<Record<string, string | number>> {
  // biome-ignore lint/suspicious/noExplicitAny: the answers are read field by field, as a client would
  type Json = any;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    auth: Record<string, string> = { cookie },
  ): Promise<Json> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`fixtures: ${method} ${path} answered ${res.status} ${await res.text()}`);
    return res.status === 204 ? {} : res.json();
  };
  const workflow = await call('POST', '/api/presets/oqtf-libre/install', { name: 'OQTF — essai' });
  await call('POST', `/api/workflows/${workflow.id}/publish`, { note: 'fixtures' });
  const preset = await call('GET', '/api/presets/oqtf-libre');
  const trigger = preset.workflow.nodes.find((n: { kind: string }) => n.kind === 'trigger')?.event;
  const { event } = preset.samples.find((s: { event: { type: string } }) => s.event.type === trigger);
  // The sample names a client by a placeholder: a client of this firm takes its place.
  const client = await models.Client.create({ tenantId: firm.tenantId, firstName: 'Karim', lastName: 'Benali' });
  const accepted = await call(
    'POST',
    '/api/v1/events',
    { type: event.type, payload: { ...event.payload, clientId: String(client._id) }, idempotencyKey: 'fixtures-1' },
    { authorization: `Bearer ${firm.apiKey}` },
  );
  const runId: string = accepted.runs[0]?.runId;
  let validation: { id?: string } | undefined;
  for (let i = 0; i < 100 && !validation; i++) {
    validation = (await call('GET', '/api/validations?status=PENDING')).items[0];
    if (!validation) await new Promise((r) => setTimeout(r, 200));
  }
  const user = await call('POST', '/api/users', {
    email: 'assistante@cabinet.example',
    name: 'Assistante',
    role: 'ADMIN',
  });
  const key = await call('POST', '/api/api-keys', { name: 'Clé de test' });
  const workspace = (await call('GET', '/api/workspaces')).items[0];
  const caseFixtures = workspace ? await caseParts(String(workspace.id)) : {};
  const testCase = await call('POST', `/api/workflows/${workflow.id}/test-cases`, {
    name: 'Cas de référence',
    event: { type: event.type, payload: event.payload },
    defaultDecision: 'APPROVED',
    expect: { status: 'succeeded' },
  });
  let notification = (await call('GET', '/api/notifications')).items[0];
  if (!notification) {
    const me = await call('GET', '/api/auth/me');
    await models.Notification.create({
      tenantId: firm.tenantId,
      userId: me.user?.id ?? me.id,
      title: 'Pièce reçue',
      priority: 'medium',
      deliverAt: new Date(),
    });
    notification = (await call('GET', '/api/notifications')).items[0];
  }
  const all: Record<string, string | number | undefined> = {
    workflowId: workflow.id,
    version: 1,
    runId,
    validationId: validation?.id,
    userId: user.id ?? user.user?.id,
    apiKeyId: key.id ?? key.apiKey?.id,
    workspaceId: workspace?.id,
    notificationId: notification?.id,
    testCaseId: testCase.id ?? testCase.testCase?.id,
    ...caseFixtures,
    tenantId: firm.tenantId,
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string | number] => e[1] !== undefined));
}

/**
 * A case's parts the API acts on by id: a checklist item, an alert and a deadline (made in the database when
 * the run made none), and a document uploaded through the API.
 */
async function caseParts(workspaceId: string): Promise<Record<string, string>> {
  type Part = { id: string }[] | undefined;
  const detail = (await (await fetch(`${url}/api/workspaces/${workspaceId}`, { headers: { cookie } })).json()) as {
    checklist?: Part;
    alerts?: Part;
    deadlines?: Part;
  };
  const tenantId = firm.tenantId;
  const itemId =
    detail.checklist?.[0]?.id ??
    String(
      (await models.ChecklistItem.create({ tenantId, workspaceId, key: 'passeport', label: 'Passeport', order: 0 }))
        ._id,
    );
  const alertId =
    detail.alerts?.[0]?.id ??
    String((await models.Alert.create({ tenantId, workspaceId, level: 'warning', title: 'Pièce manquante' }))._id);
  const deadlineId =
    detail.deadlines?.[0]?.id ??
    String(
      (await models.Deadline.create({ tenantId, workspaceId, label: 'Recours', dueAt: new Date(Date.now() + 864e5) }))
        ._id,
    );
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  const uploaded = await fetch(`${url}/api/workspaces/${workspaceId}/documents?filename=passeport.pdf`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/pdf' },
    body: pdf,
  });
  if (!uploaded.ok) throw new Error(`fixtures: upload answered ${uploaded.status} ${await uploaded.text()}`);
  return {
    checklistItemId: itemId,
    alertId,
    deadlineId,
    documentId: ((await uploaded.json()) as { document: { id: string } }).document.id,
  };
}

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
