import { getModels } from '@iapm/runtime/db';
import { recordingHandlers, until } from '@iapm/runtime/engine-kit';
import { useTestDatabase } from '@iapm/runtime/testing';
import type { LiveMessage } from '@iapm/schemas';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../lifecycle.ts';
import { createTenant } from '../services/tenant.service.ts';
import { signIn } from '../test-kit.ts';
import { LIVE_FEED, SharedLiveFeed } from './live-feed.ts';

// Two connections to one database stand for two server processes sharing it.
const db = await useTestDatabase(import.meta.url);
let other: Connection;

beforeAll(async () => {
  other = await mongoose.createConnection(db.uri, { dbName: db.dbName }).asPromise();
}, 60_000);
afterAll(async () => {
  await other?.close();
});

const updated = (workspaceId: string): LiveMessage => ({
  type: 'workspace.updated',
  workspaceId,
  at: '2026-11-24T09:00:00.000Z',
});

describe('SharedLiveFeed', () => {
  it('hands each process the messages of the others, once, and not its own', async () => {
    const got: Record<'a' | 'b', [string, LiveMessage][]> = { a: [], b: [] };
    const a = new SharedLiveFeed(db.connection, { deliver: (t, m) => got.a.push([t, m]) });
    const b = new SharedLiveFeed(other, { deliver: (t, m) => got.b.push([t, m]) });
    a.publish('firm-1', updated('6b0500000000000000000001'));
    a.publish('firm-2', updated('6b0500000000000000000002'));
    await a.stop();
    expect(await b.read()).toBe(2);
    expect(got.b).toEqual([
      ['firm-1', updated('6b0500000000000000000001')],
      ['firm-2', updated('6b0500000000000000000002')],
    ]);
    // Read again within the overlap: nothing twice. The writer never reads its own.
    expect(await b.read()).toBe(0);
    expect(await a.read()).toBe(0);
    expect(got.a).toEqual([]);
    await b.stop();
  });

  it('forgets messages older than it keeps', async () => {
    const feed = new SharedLiveFeed(db.connection, { deliver: () => {}, keepMs: 0 });
    feed.publish('firm-1', updated('6b0500000000000000000003'));
    await feed.stop();
    await new Promise((r) => setTimeout(r, 5));
    await feed.read();
    expect(await db.connection.collection(LIVE_FEED).countDocuments()).toBe(0);
  });
});

describe('two server processes with LIVE_FEED=shared', () => {
  let one: RunningServer;
  let two: RunningServer;
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
  });

  it('a studio connected to one process sees a case changed through the other', async () => {
    const start = (connection: Connection, workerId: string) =>
      startServer({
        connection,
        models: getModels(connection),
        databaseKind: db.kind,
        handlers: recordingHandlers(connection),
        port: 0,
        host: '127.0.0.1',
        runtime: { processEvery: 200, workerId },
        liveFeed: 'shared',
        liveFeedPollMs: 100,
      });
    one = await start(db.connection, 'one');
    two = await start(other, 'two');
    const firm = await createTenant(getModels(db.connection), {
      name: 'Cabinet Partagé',
      adminEmail: 'partage@cabinet.example',
      adminPassword: 'partage-mot-de-passe',
    });
    const base = `http://127.0.0.1:${two.port}`;
    const cookie = await signIn(base as never, firm.adminEmail, firm.adminPassword);
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws`, { headers: { cookie } });
    const messages: { type: string; workspaceId?: string }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await until(async () => messages.some((m) => m.type === 'hello'), 5000, 'hello');
    // Written through the first process's connection: its own sockets are told at once, the second's
    // through the feed.
    await getModels(db.connection).TimelineEvent.create({
      tenantId: firm.tenantId,
      workspaceId: '6b0500000000000000000bbb',
      at: new Date(),
      kind: 'note',
      title: 'Note ajoutée',
    });
    await until(
      async () => messages.some((m) => m.type === 'workspace.updated' && m.workspaceId === '6b0500000000000000000bbb'),
      5000,
      'workspace.updated through the feed',
    );
    ws.close();
  }, 60_000);
});
