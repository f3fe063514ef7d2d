import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** Every setting the server and the CLI read from the environment, with its default. */
export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri: string | undefined;
  ollamaHost: string | undefined;
  ollamaModel: string;
  /** Time for one Ollama answer, model loading included (`OLLAMA_TIMEOUT_MS`, default 60 s). */
  ollamaTimeoutMs: number;
  smtp:
    | { host: string; port: number; secure: boolean; user: string | undefined; pass: string | undefined; from: string }
    | undefined;
  logLevel: string;
  sessionSecret: string | undefined;
  /** Served over HTTPS only (behind a TLS proxy): `Secure` cookies and HSTS. */
  secureCookies: boolean;
  /** Express `trust proxy`: which proxies' X-Forwarded-* headers are believed (default: loopback only). */
  trustProxy: string;
  /** Other origins allowed to call the API from a browser; none by default (same origin only). */
  allowedOrigins: string[];
  /** Bearer token `/metrics` asks for; open when unset (keep it off the public proxy). */
  metricsToken: string | undefined;
  /** `LIVE_FEED=shared` when several server processes share the database (docs/deploy.md). */
  liveFeed: 'local' | 'shared';
}

/** Root of the repository (the folder holding the root package.json). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Reads the settings: the process environment, completed by `.env` in the current folder or the repository
 * root when present (variables already set win). Pure apart from reading that file.
 */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  for (const file of [resolve('.env'), resolve(REPO_ROOT, '.env')]) {
    if (existsSync(file)) {
      process.loadEnvFile(file);
      break;
    }
  }
  const dataDir = env.DATA_DIR ?? './data';
  const smtpHost = env.SMTP_HOST;
  return {
    port: intOr(env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    mongodbUri: env.MONGODB_URI || undefined,
    ollamaHost: env.OLLAMA_HOST || undefined,
    ollamaModel: env.OLLAMA_MODEL || 'llama3.2:3b',
    ollamaTimeoutMs: positiveIntOr(env.OLLAMA_TIMEOUT_MS, 60_000, 'OLLAMA_TIMEOUT_MS'),
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: intOr(env.SMTP_PORT, 587),
          secure: env.SMTP_SECURE === 'true',
          user: env.SMTP_USER || undefined,
          pass: env.SMTP_PASS || undefined,
          from: env.SMTP_FROM || 'IA Poste Manager <no-reply@localhost>',
        }
      : undefined,
    logLevel: env.LOG_LEVEL || 'info',
    sessionSecret: env.SESSION_SECRET || undefined,
    secureCookies: env.SECURE_COOKIES === 'true',
    trustProxy: env.TRUST_PROXY || 'loopback',
    allowedOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    metricsToken: env.METRICS_TOKEN || undefined,
    liveFeed: env.LIVE_FEED === 'shared' ? 'shared' : 'local',
  };
}

function intOr(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port: ${value}`);
  return n;
}

function positiveIntOr(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`invalid ${name}: ${value}`);
  return n;
}

/** The settings with secrets masked, for logs and `/api/health`. */
export function describeSettings(settings: Settings): Record<string, unknown> {
  return {
    port: settings.port,
    host: settings.host,
    dataDir: settings.dataDir,
    database: settings.mongodbUri ? 'MONGODB_URI' : 'embedded FerretDB',
    ollama: settings.ollamaHost ? `${settings.ollamaHost} (${settings.ollamaModel})` : 'built-in provider',
    smtp: settings.smtp ? `${settings.smtp.host}:${settings.smtp.port}` : 'local outbox',
    secureCookies: settings.secureCookies,
    trustProxy: settings.trustProxy,
    allowedOrigins: settings.allowedOrigins,
    metrics: settings.metricsToken ? 'token required' : 'open',
    liveFeed: settings.liveFeed,
  };
}
