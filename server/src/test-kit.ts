import { type ActionHandlers, type CesedaData, type Runtime, startRuntime } from '@iapm/runtime';
import { getModels, type Models } from '@iapm/runtime/db';
import { recordingHandlers } from '@iapm/runtime/engine-kit';
import { type TestDatabase, useTestDatabase } from '@iapm/runtime/testing';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll } from 'vitest';
import { createApp } from './app.ts';
import { type CreatedTenant, createTenant } from './services/tenant.service.ts';

/** A server on the test database (and, when asked, the runtime with recording action handlers). */
export interface TestServer {
  db: TestDatabase;
  models: Models;
  app: Express;
  runtime?: Runtime;
}

/**
 * Builds the app on a database of the calling test file; `runtime: true` starts the engine too, with the
 * recording action handlers unless others are given (and, when given, the CESEDA rules and checklists).
 */
export async function startTestServer(
  fileUrl: string,
  options: { runtime?: boolean; handlers?: (db: TestDatabase) => ActionHandlers; ceseda?: CesedaData } = {},
): Promise<TestServer> {
  const db = await useTestDatabase(fileUrl);
  const models = getModels(db.connection);
  let runtime: Runtime | undefined;
  const handlers = options.handlers?.(db) ?? recordingHandlers(db.connection);
  if (options.runtime) {
    runtime = await startRuntime(db.connection, handlers, {
      processEvery: 100,
      ...(options.ceseda ? { ceseda: options.ceseda } : {}),
    });
    afterAll(async () => {
      await runtime?.stop();
    });
  }
  const app = createApp({
    connection: db.connection,
    models,
    databaseKind: db.kind,
    ...(runtime ? { runtime, handlerNames: Object.keys(handlers) } : {}),
  });
  return { db, models, app, ...(runtime ? { runtime } : {}) };
}

/** Signs in and returns the `Cookie` header value of the session. */
export async function signIn(app: Express, email: string, password: string): Promise<string> {
  const res = await request(app).post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return String(res.headers['set-cookie']).split(';')[0] as string;
}

/** A firm with its first ADMIN signed in. */
export async function createFirm(
  server: TestServer,
  name: string,
  email: string,
): Promise<CreatedTenant & { cookie: string }> {
  const firm = await createTenant(server.models, { name, adminEmail: email, adminPassword: `${name}-mot-de-passe` });
  return { ...firm, cookie: await signIn(server.app, firm.adminEmail, firm.adminPassword) };
}

/** A small valid workflow: on `client:created`, create a note. */
export function noteWorkflow(name = 'Nouveau client') {
  return {
    schemaVersion: 1,
    name,
    nodes: [
      { id: 'start', kind: 'trigger', event: 'client:created', position: { x: 0, y: 0 } },
      {
        id: 'note',
        kind: 'action',
        action: 'create_note',
        params: { workspaceId: 'ws-1', text: 'Client {{payload.lastName}}' },
      },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'note' }],
  };
}

/** A `client:created` payload. */
export function clientCreated(clientId: string) {
  return {
    clientId,
    firstName: 'Moussa',
    lastName: 'Diallo',
    status: 'prospect',
    source: 'api',
    createdAt: '2026-11-20T09:00:00Z',
  };
}
