import { once } from 'node:events';
import { connect } from 'node:net';
import { getModels } from '@iapm/runtime/db';
import { recordingHandlers, until } from '@iapm/runtime/engine-kit';
import { useTestDatabase } from '@iapm/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer } from './lifecycle.ts';
import { createTenant } from './services/tenant.service.ts';
import { clientCreated, noteWorkflow, signIn } from './test-kit.ts';

const db = await useTestDatabase(import.meta.url);
const models = getModels(db.connection);

describe('graceful shutdown', () => {
  it('stops accepting, finishes the request in flight, closes live sockets, then stops the runtime', async () => {
    const running = await startServer({
      connection: db.connection,
      models,
      databaseKind: db.kind,
      handlers: recordingHandlers(db.connection),
      port: 0,
      host: '127.0.0.1',
      runtime: { processEvery: 100 },
    });
    const base = `http://127.0.0.1:${running.port}`;
    const firm = await createTenant(models, {
      name: 'Cabinet Arrêt',
      adminEmail: 'arret@cabinet.example',
      adminPassword: 'arret-mot-de-passe',
    });
    const cookie = await signIn(base as never, firm.adminEmail, firm.adminPassword);
    const wf = await request(base)
      .post('/api/workflows')
      .set('cookie', cookie)
      .send({ name: 'N', document: noteWorkflow('N') });
    await request(base).post(`/api/workflows/${wf.body.id}/publish`).set('cookie', cookie).expect(201);
    const live = new WebSocket(`ws://127.0.0.1:${running.port}/api/ws`, { headers: { cookie } });
    await once(live, 'open');
    const liveClosed = once(live, 'close');

    // A request in flight: headers and half of the body sent before the shutdown begins.
    const body = JSON.stringify({ type: 'client:created', payload: clientCreated('c-stop') });
    const socket = connect(running.port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += String(chunk);
    });
    socket.write(
      `POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${firm.apiKey}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`,
    );
    await new Promise((r) => setTimeout(r, 100));
    const stopped = running.stop();

    const [code] = (await liveClosed) as [number];
    expect(code).toBe(1001);
    // No new connection is accepted.
    const refused = await new Promise<string>((resolve) => {
      const probe = connect(running.port, '127.0.0.1');
      probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      probe.once('connect', () => {
        probe.destroy();
        resolve('connected');
      });
    });
    expect(refused).toBe('ECONNREFUSED');

    // The request in flight still gets its answer, asking the client to reconnect elsewhere.
    socket.write(body.slice(20));
    await until(async () => answer.includes('\r\n\r\n{'), 10_000, 'answer');
    expect(answer).toMatch(/^HTTP\/1\.1 202/);
    expect(answer.toLowerCase()).toContain('connection: close');
    await stopped;
    expect(running.runtime.scheduler.agenda.isActiveJobProcessor()).toBe(false);
    // The run started before the stop holds no lease any more (a lease exists only while it is held).
    const eventId = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).eventId as string;
    const event = await models.Event.findById(eventId).lean();
    const runId = ((event?.runs ?? []) as { runId: string }[])[0]?.runId as string;
    expect(runId).toBeDefined();
    expect(await db.connection.collection('run_leases').countDocuments({ _id: runId } as never)).toBe(0);
  }, 60_000);
});
