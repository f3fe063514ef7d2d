import type { RequestHandler } from 'express';
import { type DestinationStream, type Logger, pino } from 'pino';

/** Keys whose values never reach a log line: secrets, and the personal data of clients and users. */
const SENSITIVE_KEY =
  /^(authorization|cookie|set-cookie|password|currentpassword|newpassword|adminpassword|passwordhash|token|tokenhash|apikey|key|keyhash|secret|totpsecret|code|pass|smtp_pass|email|adminemail|phone|firstname|lastname|fullname|name|address|subject|text|html|body|message|to|from|cc|bcc|payload|params|document)$/i;
const EMAIL = /[^\s@<>"'(),;:]{1,64}@[^\s@<>"'(),;:]{1,255}/g;
const API_KEY = /iapm_[A-Za-z0-9_-]{6,}/g;
const MAX_STRING = 2000;

/** Masks e-mail addresses and API keys inside free text (error messages, URLs). */
export function maskText(text: string): string {
  const bounded = text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}…` : text;
  return bounded.replace(API_KEY, 'iapm_[redacted]').replace(EMAIL, '[email]');
}

/**
 * A copy of a logged value where sensitive keys are replaced by `[redacted]` at any depth, and strings are
 * masked (e-mail addresses, API keys). Depth and width are bounded so that logging stays cheap.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskText(value.message),
      ...((value as { code?: unknown }).code !== undefined ? { code: (value as { code?: unknown }).code } : {}),
      ...(value.stack ? { stack: maskText(value.stack) } : {}),
    };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 100))
    out[k] = SENSITIVE_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/**
 * The server's logger: pino JSON lines, every logged object passed through `redact`. `destination` is
 * where lines go (stdout by default; tests give a stream to read them back).
 */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'iapm-server' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (object) => redact(object) as Record<string, unknown> },
      serializers: { err: (error: unknown) => redact(error) },
    },
    destination,
  );
}

/** A logger that writes nothing (tests, the CLI). */
export const silentLogger = (): Logger => pino({ level: 'silent' });

declare global {
  namespace Express {
    interface Request {
      /** Request id (the `x-request-id` answered). */
      id?: string;
    }
  }
}

/**
 * One line per request once it is answered: request id, method, path without its query string (queries
 * may name people), matched route, status, duration, and who called (kind, role, firm id — ids only).
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    req.log = logger.child({ reqId: req.id });
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const p = req.principal;
      const line = {
        method: req.method,
        path: maskText(req.originalUrl.split('?')[0] ?? ''),
        route: req.route?.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        ...(p ? { caller: { kind: p.kind, role: p.role, id: p.id, tenantId: p.tenantId } } : {}),
      };
      if (res.statusCode >= 500) logger.error({ reqId: req.id, ...line }, 'request failed');
      else logger.info({ reqId: req.id, ...line }, 'request');
    });
    next();
  };
}
