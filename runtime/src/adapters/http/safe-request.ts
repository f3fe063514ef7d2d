import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { ActionError } from '../../engine/ports.ts';
import type { AddressPolicy } from './address-policy.ts';

/** An outgoing HTTP call, as the integration actions make it. */
export interface SafeRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** For the whole call: connection, redirects and the response body. */
  timeoutMs: number;
  /** Bytes of response body read at most. */
  maxResponseBytes: number;
  /** Past `maxResponseBytes`: fail (`error`) or keep the first bytes (`truncate`). */
  overflow: 'error' | 'truncate';
  maxRedirects?: number;
  policy: AddressPolicy;
  /** Aborts the call (the action's own timeout). */
  signal?: AbortSignal;
}

export interface SafeResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  /** The URL that answered (after redirects). */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const FORBIDDEN_CODE = 'EIAPM_FORBIDDEN_ADDRESS';

/** Refusal of an address, in both languages (the URL's host only: never a path or query with secrets). */
function forbidden(host: string, address: string): ActionError {
  const where = host === address ? address : `${host} (${address})`;
  return new ActionError(
    'http.forbidden-address',
    {
      fr: `Adresse interne refusée : ${where} ; ajoutez-la à la liste d'adresses autorisées du cabinet si elle est voulue.`,
      en: `Internal address refused: ${where}; add it to the firm's allowlist if it is intended.`,
    },
    false,
  );
}

/**
 * Makes an HTTP(S) call that reaches only the addresses the policy permits. The check is made on the address
 * actually connected to: names are resolved by a custom `lookup` given to the agent, which refuses a name as
 * soon as one of its addresses is forbidden (so a DNS answer cannot swap in another address between the
 * check and the connection), IP literals are checked before connecting, the socket's remote address is checked
 * again once connected, and every redirect goes through the same checks. Credentials are not forwarded to
 * another origin on a redirect. Never follows more than `maxRedirects` (default 5).
 */
export async function safeRequest(request: SafeRequest): Promise<SafeResponse> {
  const signals = [AbortSignal.timeout(request.timeoutMs), ...(request.signal ? [request.signal] : [])];
  const signal = AbortSignal.any(signals);
  let url = parseUrl(request.url);
  let method = request.method.toUpperCase();
  let body = request.body;
  let headers = { ...(request.headers ?? {}) };
  const maxRedirects = request.maxRedirects ?? 5;
  for (let hop = 0; ; hop++) {
    const response = await oneHop(url, method, headers, body, request, signal);
    const location = response.message.headers.location;
    if (!REDIRECTS.has(response.message.statusCode ?? 0) || !location) {
      return await readBody(response.message, url, request, signal);
    }
    response.message.resume();
    if (hop >= maxRedirects) {
      throw new ActionError(
        'http.too-many-redirects',
        { fr: `Plus de ${maxRedirects} redirections.`, en: `More than ${maxRedirects} redirects.` },
        false,
      );
    }
    const next = parseUrl(new URL(location, url).toString());
    if (next.origin !== url.origin) headers = withoutCredentials(headers);
    const status = response.message.statusCode ?? 0;
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)));
    }
    url = next;
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ActionError('http.invalid-url', { fr: `URL non valide.`, en: `Invalid URL.` }, false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ActionError(
      'http.invalid-url',
      { fr: `Seuls http et https sont permis.`, en: `Only http and https are allowed.` },
      false,
    );
  }
  if (url.username || url.password) {
    throw new ActionError(
      'http.invalid-url',
      { fr: `Pas d'identifiants dans l'URL.`, en: `No credentials in the URL.` },
      false,
    );
  }
  return url;
}

const withoutCredentials = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie|proxy-authorization)$/i.test(k)));

function oneHop(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  request: SafeRequest,
  signal: AbortSignal,
): Promise<{ message: IncomingMessage }> {
  const secure = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) && !request.policy.permits(host, host, port)) return Promise.reject(forbidden(host, host));
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => !request.policy.permits(hostname, a.address, port));
      if (refused || addresses.length === 0) {
        const denial = Object.assign(new Error('forbidden address'), {
          code: FORBIDDEN_CODE,
          address: refused?.address ?? '',
        });
        return callback(denial, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
  const agent = secure ? new https.Agent({ keepAlive: false, lookup }) : new http.Agent({ keepAlive: false, lookup });
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => reject(toActionError(error, host, signal));
    const req = (secure ? https : http).request(url, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      agent,
      signal,
    });
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        const remote = socket.remoteAddress ?? '';
        if (!request.policy.permits(host, remote, port)) req.destroy(forbidden(host, remote));
      });
    });
    req.on('response', (message) => resolve({ message }));
    req.on('error', fail);
    req.end(body);
  }).finally(() => agent.destroy()) as Promise<{ message: IncomingMessage }>;
}

function toActionError(error: unknown, host: string, signal: AbortSignal): ActionError {
  if (error instanceof ActionError) return error;
  const e = error as { code?: string; address?: string; name?: string };
  if (e.code === FORBIDDEN_CODE) return forbidden(host, e.address ?? host);
  if (signal.aborted || e.name === 'AbortError' || e.code === 'ABORT_ERR') {
    const reason = signal.reason as { name?: string } | undefined;
    if (reason instanceof ActionError) return reason;
    return new ActionError('http.timeout', { fr: `Pas de réponse à temps.`, en: `No answer in time.` }, true);
  }
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
    return new ActionError(
      'http.dns',
      { fr: `Nom d'hôte inconnu : ${host}.`, en: `Unknown host name: ${host}.` },
      true,
    );
  }
  return new ActionError(
    'http.network',
    {
      fr: `Échec de la connexion à ${host} (${e.code ?? 'erreur'}).`,
      en: `Connection to ${host} failed (${e.code ?? 'error'}).`,
    },
    true,
  );
}

function readBody(
  message: IncomingMessage,
  url: URL,
  request: SafeRequest,
  signal: AbortSignal,
): Promise<SafeResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (truncated: boolean) => {
      if (done) return;
      done = true;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      resolve({
        status: message.statusCode ?? 0,
        headers,
        body: Buffer.concat(chunks).subarray(0, request.maxResponseBytes),
        truncated,
        url: url.toString(),
      });
    };
    message.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      chunks.push(chunk);
      if (size > request.maxResponseBytes) {
        message.destroy();
        if (request.overflow === 'truncate') return finish(true);
        done = true;
        reject(
          new ActionError(
            'http.response-too-large',
            {
              fr: `Réponse de plus de ${request.maxResponseBytes} octets.`,
              en: `Response larger than ${request.maxResponseBytes} bytes.`,
            },
            false,
          ),
        );
      }
    });
    message.on('end', () => finish(false));
    message.on('error', (error) => {
      if (!done) {
        done = true;
        reject(toActionError(error, url.hostname, signal));
      }
    });
    message.on('close', () => {
      if (!done && !message.complete) {
        done = true;
        reject(toActionError(signal.reason ?? new Error('connection closed'), url.hostname, signal));
      }
    });
  });
}
