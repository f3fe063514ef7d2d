import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import NodeWebSocket, { WebSocketServer } from 'ws';
import {
  backoffDelay,
  LiveConnection,
  type LiveMessage,
  type LiveStatus,
  liveUrl,
  parseLiveMessage,
  type SocketConstructor,
} from './live-connection.ts';

const Socket = NodeWebSocket as unknown as SocketConstructor;

/** Waits until `check` is true (polling every 10 ms), or fails after `ms`. */
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A real WebSocket server on 127.0.0.1 that can accept or refuse upgrades. */
async function liveServer() {
  const http: Server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  const state = { refuse: false, upgrades: 0, times: [] as number[] };
  http.on('upgrade', (req, socket, head) => {
    state.upgrades += 1;
    state.times.push(Date.now());
    if (state.refuse) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/api/ws`,
    wss,
    state,
    broadcast: (data: unknown) => {
      for (const ws of wss.clients) ws.send(typeof data === 'string' ? data : JSON.stringify(data));
    },
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('backoffDelay', () => {
  it('doubles from the base, is capped, and keeps at least half of its ceiling', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(1, 1000, 30_000, () => 1)).toBe(2000);
    expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(backoffDelay(9, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(9, 1000, 30_000, () => 0)).toBe(15_000);
    expect(backoffDelay(500, 1000, 30_000, () => 0.5)).toBe(22_500);
  });
});

describe('parseLiveMessage and liveUrl', () => {
  it('keeps the messages the studio knows and drops the rest', () => {
    expect(parseLiveMessage('{"type":"run.updated","runId":"r1"}')).toMatchObject({ type: 'run.updated' });
    expect(parseLiveMessage('{"type":"other"}')).toBeUndefined();
    expect(parseLiveMessage('not json')).toBeUndefined();
    expect(parseLiveMessage(42)).toBeUndefined();
  });
  it('follows the page’s scheme', () => {
    expect(liveUrl({ protocol: 'https:', host: 'studio.example:8443' })).toBe('wss://studio.example:8443/api/ws');
    expect(liveUrl({ protocol: 'http:', host: '127.0.0.1:3000' })).toBe('ws://127.0.0.1:3000/api/ws');
  });
});

describe('LiveConnection', () => {
  it('opens, hands messages to listeners, reconnects after a drop and stops for good', async () => {
    const server = await liveServer();
    cleanup.push(server.close);
    const connection = new LiveConnection(server.url, { Socket, baseDelayMs: 50, maxDelayMs: 200 });
    cleanup.push(() => connection.stop());
    const statuses: LiveStatus[] = [];
    const messages: LiveMessage[] = [];
    connection.onStatus((s) => statuses.push(s));
    connection.subscribe((m) => messages.push(m));
    connection.start();
    await until(() => connection.status === 'open');

    server.broadcast({ type: 'run.updated', runId: 'r1', workflowId: 'w1', version: 1, status: 'running', at: 'x' });
    server.broadcast('garbage');
    await until(() => messages.length === 1);
    expect(messages[0]).toMatchObject({ type: 'run.updated', runId: 'r1' });

    // The server drops every socket: the connection says so and comes back by itself.
    for (const ws of server.wss.clients) ws.terminate();
    await until(() => statuses.includes('reconnecting'));
    await until(() => connection.status === 'open' && server.wss.clients.size === 1);
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    server.broadcast({ type: 'validation.decided', key: 'k', runId: 'r1', workflowId: 'w1', status: 'APPROVED' });
    await until(() => messages.length === 2);

    connection.stop();
    expect(connection.status).toBe('stopped');
    await until(() => server.wss.clients.size === 0);
    const upgrades = server.state.upgrades;
    await new Promise((r) => setTimeout(r, 300));
    expect(server.state.upgrades).toBe(upgrades);
  });

  it('keeps trying with growing delays while the server refuses, then opens when it accepts', async () => {
    const server = await liveServer();
    cleanup.push(server.close);
    server.state.refuse = true;
    const connection = new LiveConnection(server.url, { Socket, baseDelayMs: 40, maxDelayMs: 160, random: () => 1 });
    cleanup.push(() => connection.stop());
    connection.start();
    await until(() => server.state.upgrades >= 4);
    expect(connection.status).toBe('reconnecting');
    // Delays of 40, 80 then 160 ms (jitter pinned to its maximum): each gap at least its delay.
    const gaps = server.state.times.slice(1, 4).map((t, i) => t - (server.state.times[i] as number));
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
    server.state.refuse = false;
    await until(() => connection.status === 'open', 3000);
  });

  it('reconnects at once when asked (the page came back online)', async () => {
    const server = await liveServer();
    cleanup.push(server.close);
    server.state.refuse = true;
    const connection = new LiveConnection(server.url, { Socket, baseDelayMs: 60_000, maxDelayMs: 60_000 });
    cleanup.push(() => connection.stop());
    connection.start();
    await until(() => connection.status === 'reconnecting');
    server.state.refuse = false;
    connection.retryNow();
    await until(() => connection.status === 'open', 2000);
  });
});
