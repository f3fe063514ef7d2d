import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressPolicy, embeddedIpv4, isForbiddenAddress } from './address-policy.ts';
import { type SafeRequest, safeRequest } from './safe-request.ts';

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.4.4',
    '172.31.255.255',
    '192.168.1.10',
    '169.254.169.254',
    '100.100.100.200',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '[::1]',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    'fc12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::ffff:10.1.2.3',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'lets %s through',
    (address) => {
      expect(isForbiddenAddress(address)).toBe(false);
    },
  );

  it('reads the IPv4 address carried by IPv6 forms', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('::ffff:169.254.169.254')).toBe('169.254.169.254');
    expect(embeddedIpv4('2002:0a00:0001::1')).toBe('10.0.0.1');
    expect(embeddedIpv4('2606:4700::1')).toBeUndefined();
  });

  it('lets the allowlist name a host, an address, or a host and port', () => {
    const policy = new AddressPolicy(['intranet.cabinet.local', '10.0.0.7:8443', '[::1]:9000']);
    expect(policy.permits('intranet.cabinet.local', '10.9.9.9', 443)).toBe(true);
    expect(policy.permits('INTRANET.cabinet.local.', '10.9.9.9', 80)).toBe(true);
    expect(policy.permits('10.0.0.7', '10.0.0.7', 8443)).toBe(true);
    expect(policy.permits('10.0.0.7', '10.0.0.7', 80)).toBe(false);
    expect(policy.permits('::1', '::1', 9000)).toBe(true);
    expect(policy.permits('0:0:0:0:0:0:0:1', '::1', 9000)).toBe(true);
    expect(policy.permits('other.local', '10.0.0.8', 443)).toBe(false);
  });
});

describe('safeRequest', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  let target: Server;
  let targetPort: number;
  let targetHits = 0;

  beforeAll(async () => {
    target = createServer((_req, res) => {
      targetHits++;
      res.end('internal');
    });
    target.listen(0, '127.0.0.1');
    await once(target, 'listening');
    targetPort = (target.address() as AddressInfo).port;
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/redirect-loopback') {
        res.writeHead(302, { location: `http://127.0.0.1:${targetPort}/secret` }).end();
      } else if (req.url === '/redirect-name') {
        res.writeHead(307, { location: `http://localhost:${targetPort}/secret` }).end();
      } else if (req.url === '/redirect-self') {
        res.writeHead(301, { location: '/hello' }).end();
      } else if (req.url === '/big') {
        res.end('x'.repeat(10_000));
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2_000);
      } else {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ path: req.url, method: req.method }));
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    target.closeAllConnections();
    server.close();
    target.close();
  });

  const call = (url: string, allowlist: string[] = [], extra: Partial<SafeRequest> = {}) =>
    safeRequest({
      method: 'GET',
      url,
      timeoutMs: 3_000,
      maxResponseBytes: 4096,
      overflow: 'error',
      policy: new AddressPolicy(allowlist),
      ...extra,
    });

  it.each([
    ['loopback', () => `http://127.0.0.1:${port}/`],
    ['IPv6 loopback', () => `http://[::1]:${port}/`],
    ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${port}/`],
    ['a name resolving to loopback', () => `http://localhost:${port}/`],
    ['a private address', () => 'http://10.0.0.1/'],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a decimal loopback', () => `http://2130706433:${port}/`],
  ])('refuses %s without the allowlist, before any request', async (_what, url) => {
    const before = hits;
    const started = Date.now();
    await expect(call(url())).rejects.toMatchObject({ code: 'http.forbidden-address', retryable: false });
    expect(hits).toBe(before);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('reaches a local server the allowlist names (host and port)', async () => {
    const response = await call(`http://127.0.0.1:${port}/hello`, [`127.0.0.1:${port}`]);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ path: '/hello', method: 'GET' });
  });

  it('checks every redirect: a redirect to a loopback address not on the allowlist is refused', async () => {
    const before = targetHits;
    await expect(call(`http://127.0.0.1:${port}/redirect-loopback`, [`127.0.0.1:${port}`])).rejects.toMatchObject({
      code: 'http.forbidden-address',
    });
    await expect(call(`http://127.0.0.1:${port}/redirect-name`, [`127.0.0.1:${port}`])).rejects.toMatchObject({
      code: 'http.forbidden-address',
    });
    expect(targetHits).toBe(before);
  });

  it('follows an allowed redirect', async () => {
    const response = await call(`http://127.0.0.1:${port}/redirect-self`, [`127.0.0.1:${port}`]);
    expect(response.url).toBe(`http://127.0.0.1:${port}/hello`);
    expect(JSON.parse(response.body.toString()).path).toBe('/hello');
  });

  it('caps the response size (error or truncation)', async () => {
    await expect(call(`http://127.0.0.1:${port}/big`, [`127.0.0.1:${port}`])).rejects.toMatchObject({
      code: 'http.response-too-large',
    });
    const cut = await call(`http://127.0.0.1:${port}/big`, [`127.0.0.1:${port}`], { overflow: 'truncate' });
    expect(cut.truncated).toBe(true);
    expect(cut.body.length).toBe(4096);
  });

  it('gives up after its timeout', async () => {
    const started = Date.now();
    await expect(
      call(`http://127.0.0.1:${port}/slow`, [`127.0.0.1:${port}`], { timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: 'http.timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('refuses other schemes and credentials in the URL', async () => {
    await expect(call('file:///etc/passwd')).rejects.toMatchObject({ code: 'http.invalid-url' });
    await expect(call('http://user:pw@example.org/')).rejects.toMatchObject({ code: 'http.invalid-url' });
  });
});
