import { createHash, createHmac } from 'node:crypto';
import { AddressPolicy } from '../adapters/http/address-policy.ts';
import { safeRequest } from '../adapters/http/safe-request.ts';
import { runScript } from '../adapters/script/run-script.ts';
import { databaseSecrets } from '../adapters/secrets.ts';
import type { ActionHandlers } from '../engine/ports.ts';
import type { ActionAdapters } from './adapters.ts';
import { defineHandler, type HandlerInput } from './define.ts';
import { actOnce, failure, firmConfig } from './outside.ts';

interface WebhookParams {
  url: string;
  event: string;
  payload?: Record<string, unknown>;
  secretRef?: string;
  timeoutSeconds?: number;
}
interface WebhookOutput {
  status: number;
  deliveredAt: string;
  durationMs: number;
  responseBody?: string;
}
interface ApiParams {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  timeoutSeconds?: number;
  responseMapping?: Record<string, string>;
}
interface ScriptParams {
  code: string;
  input?: unknown;
  timeoutMs?: number;
  memoryLimitMb?: number;
}
interface ScriptOutput {
  result: unknown;
  logs: string[];
  durationMs: number;
}
interface ApiOutput {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  mapped: Record<string, unknown>;
}

const WEBHOOK_RESPONSE_CHARS = 65_536;
/** A status that a later attempt may not get again (the others are the caller's mistake). */
const retryableStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/** The key a receiver deduplicates on: stable for one execution, opaque (it says nothing of the run). */
export const outgoingIdempotencyKey = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

/** HMAC-SHA256 of `timestamp.body` with the firm's secret, as sent in `X-IAPM-Signature`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

async function addressPolicy(input: HandlerInput<unknown>): Promise<AddressPolicy> {
  const { config } = await firmConfig(input);
  return new AddressPolicy(config.integrations?.httpAllowlist ?? []);
}

/** Resolves RFC 6901 JSON pointers into a value; a pointer that leads nowhere gives null. */
export function readPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let current = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^(0|[1-9][0-9]*)$/.test(segment)) current = current[Number(segment)];
    else if (current && typeof current === 'object' && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else return null;
    if (current === undefined) return null;
  }
  return current;
}

/**
 * webhook_call and api_call: outgoing HTTP through the SSRF guard, with a timeout and a response cap;
 * run_script: JavaScript in the QuickJS sandbox (no I/O, so nothing to do once only: the same script on the
 * same input gives the same answer).
 */
export function integrationHandlers(adapters: ActionAdapters): ActionHandlers {
  const maxResponseBytes = adapters.http?.maxResponseBytes ?? 1_048_576;
  return {
    run_script: defineHandler<ScriptParams, ScriptOutput>('run_script', async ({ params, context }) =>
      runScript(
        {
          code: params.code,
          input: params.input ?? null,
          timeoutMs: params.timeoutMs ?? 1000,
          memoryLimitMb: params.memoryLimitMb ?? 16,
        },
        context.signal,
      ),
    ),
    webhook_call: defineHandler<WebhookParams, WebhookOutput>('webhook_call', async (input) => {
      const { params, context } = input;
      const policy = await addressPolicy(input);
      let secret: string | undefined;
      if (params.secretRef) {
        const secrets = adapters.secrets ?? databaseSecrets(context.connection);
        secret = await secrets(context.tenantId, params.secretRef);
        if (!secret) {
          throw failure(
            'secret.missing',
            `Le secret « ${params.secretRef} » n'est pas enregistré pour le cabinet.`,
            `Secret "${params.secretRef}" is not stored for the firm.`,
          );
        }
      }
      const deliveryKey = outgoingIdempotencyKey(context.idempotencyKey);
      // Receivers deduplicate on the Idempotency-Key header, so a delivery interrupted by a crash is sent again.
      return actOnce(input, 'webhook', 'repeat', async () => {
        const body = JSON.stringify({
          event: params.event,
          payload: params.payload ?? {},
          idempotencyKey: deliveryKey,
          sentAt: new Date().toISOString(),
        });
        const timestamp = String(Math.floor(Date.now() / 1000));
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'user-agent': 'IAPM-Webhook/1',
          'idempotency-key': deliveryKey,
          'x-iapm-event': params.event,
          'x-iapm-timestamp': timestamp,
          ...(secret ? { 'x-iapm-signature': webhookSignature(secret, timestamp, body) } : {}),
        };
        const started = Date.now();
        const response = await safeRequest({
          method: 'POST',
          url: params.url,
          headers,
          body,
          timeoutMs: (params.timeoutSeconds ?? 10) * 1000,
          maxResponseBytes: WEBHOOK_RESPONSE_CHARS * 4,
          overflow: 'truncate',
          policy,
          signal: context.signal,
        });
        if (response.status < 200 || response.status >= 300) {
          throw failure(
            'webhook.status',
            `Le webhook a répondu ${response.status}.`,
            `The webhook answered ${response.status}.`,
            retryableStatus(response.status),
          );
        }
        const text = response.body.toString('utf8').slice(0, WEBHOOK_RESPONSE_CHARS);
        return {
          status: response.status,
          deliveredAt: new Date().toISOString(),
          durationMs: Date.now() - started,
          ...(text ? { responseBody: text } : {}),
        };
      });
    }),
    api_call: defineHandler<ApiParams, ApiOutput>('api_call', async (input) => {
      const { params, context } = input;
      const policy = await addressPolicy(input);
      let url: URL;
      try {
        url = new URL(params.url);
      } catch {
        throw failure('http.invalid-url', 'URL non valide.', 'Invalid URL.');
      }
      for (const [name, value] of Object.entries(params.query ?? {})) url.searchParams.set(name, value);
      const method = params.method ?? 'GET';
      const headers: Record<string, string> = { accept: 'application/json', ...(params.headers ?? {}) };
      const hasHeader = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
      let body: string | undefined;
      if (params.body !== undefined && method !== 'GET') {
        body = JSON.stringify(params.body);
        if (!hasHeader('content-type')) headers['content-type'] = 'application/json';
      }
      if (method !== 'GET' && !hasHeader('idempotency-key')) {
        headers['idempotency-key'] = outgoingIdempotencyKey(context.idempotencyKey);
      }
      // A read may be repeated after a crash; a write is not sent twice on a guess.
      return actOnce(input, 'api', method === 'GET' ? 'repeat' : 'refuse', async () => {
        let response: Awaited<ReturnType<typeof safeRequest>>;
        try {
          response = await safeRequest({
            method,
            url: url.toString(),
            headers,
            ...(body !== undefined ? { body } : {}),
            timeoutMs: (params.timeoutSeconds ?? 10) * 1000,
            maxResponseBytes,
            overflow: 'error',
            policy,
            signal: context.signal,
          });
        } catch (error) {
          if (error instanceof TypeError && /header/i.test(error.message)) {
            throw failure('http.invalid-header', 'En-tête HTTP non valide.', 'Invalid HTTP header.');
          }
          throw error;
        }
        if (retryableStatus(response.status)) {
          throw failure(
            'api.status',
            `L'API a répondu ${response.status}.`,
            `The API answered ${response.status}.`,
            true,
          );
        }
        const text = response.body.toString('utf8');
        let decoded: unknown = text;
        if (/json/i.test(response.headers['content-type'] ?? '')) {
          try {
            decoded = JSON.parse(text);
          } catch {
            decoded = text;
          }
        }
        const mapped: Record<string, unknown> = {};
        for (const [name, pointer] of Object.entries(params.responseMapping ?? {})) {
          mapped[name] = readPointer(decoded, pointer);
        }
        const outHeaders = Object.fromEntries(
          Object.entries(response.headers)
            .slice(0, 200)
            .map(([k, v]) => [k, v.slice(0, 8192)]),
        );
        return { status: response.status, headers: outHeaders, ...(text ? { body: decoded } : {}), mapped };
      });
    }),
  };
}
