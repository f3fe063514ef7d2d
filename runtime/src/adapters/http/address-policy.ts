import { BlockList, isIP } from 'node:net';

/**
 * Which network addresses an outgoing HTTP call may reach. Refused by default: loopback, private (RFC 1918,
 * carrier-grade NAT), link-local (cloud metadata at 169.254.169.254 included), unspecified, multicast,
 * reserved and documentation ranges, IPv6 unique-local and site-local, and any IPv6 address that carries one
 * of those IPv4 addresses (IPv4-mapped, IPv4-compatible, NAT64, 6to4). The firm's allowlist
 * (`integrations.httpAllowlist`) may name hosts or addresses, optionally with a port, that are let through.
 */
const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches the local host on most systems
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT (and some providers' metadata services)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4], // reserved, and 255.255.255.255
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local (AWS's IPv6 metadata fd00:ec2::254 included)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv6');
}

/** Parses an IPv6 address into its eight 16-bit groups (undefined when it is not one). */
function ipv6Groups(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // A dotted IPv4 tail counts as two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a, b, c, d] = dotted[1].split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...(tail !== undefined ? Array(missing).fill('0') : []), ...right].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

const ipv4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64 or 6to4), if any. */
export function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (!g) return undefined;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const zeroHead = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroHead && (g5 === 0xffff || g5 === 0)) return ipv4Of(g6, g7); // ::ffff:a.b.c.d, ::a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return ipv4Of(g6, g7); // NAT64
  if (g0 === 0x2002) return ipv4Of(g1, g2); // 6to4
  return undefined;
}

/** True when `address` (an IP literal) lies in a range outgoing calls must not reach. Non-IPs are refused. */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 4) return FORBIDDEN.check(bare, 'ipv4');
  if (family !== 6) return true;
  if (FORBIDDEN.check(bare, 'ipv6')) return true;
  const v4 = embeddedIpv4(bare);
  return v4 !== undefined && FORBIDDEN.check(v4, 'ipv4');
}

/** One allowlist entry: a host name or IP literal, with an optional port. */
interface AllowEntry {
  host: string;
  port?: number;
}

/** Normalises a host for comparison: lower case, no brackets, no trailing dot, canonical IPv6. */
function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  const groups = ipv6Groups(h);
  return groups ? groups.map((g) => g.toString(16)).join(':') : h;
}

function parseEntry(entry: string): AllowEntry | undefined {
  const text = entry.trim();
  if (!text) return undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed?.[1])
    return { host: normaliseHost(bracketed[1]), ...(bracketed[2] ? { port: Number(bracketed[2]) } : {}) };
  if (isIP(text) === 6) return { host: normaliseHost(text) };
  const hostPort = /^([^:]+):(\d{1,5})$/.exec(text);
  if (hostPort?.[1]) return { host: normaliseHost(hostPort[1]), port: Number(hostPort[2]) };
  return { host: normaliseHost(text) };
}

/**
 * The decision for one connection: `hostname` is the URL's host, `address` the IP about to be connected to.
 * Public addresses pass; others pass only when the allowlist names the host or the address (with this port
 * when the entry has one).
 */
export class AddressPolicy {
  private readonly entries: AllowEntry[];

  constructor(allowlist: readonly string[] = []) {
    this.entries = allowlist.map(parseEntry).filter((e): e is AllowEntry => e !== undefined);
  }

  /** True when the allowlist names `host` (name or IP) for `port`. */
  allows(host: string, port: number): boolean {
    const h = normaliseHost(host);
    return this.entries.some((e) => e.host === h && (e.port === undefined || e.port === port));
  }

  /** True when a connection to `address` (reached through the name `hostname`) on `port` is permitted. */
  permits(hostname: string, address: string, port: number): boolean {
    if (!isForbiddenAddress(address)) return true;
    return this.allows(hostname, port) || this.allows(address, port);
  }
}
