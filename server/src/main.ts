import { join } from 'node:path';
import { listRules, loadChecklists } from '@iapm/presets';
import { closeSmtpTransports, createActionHandlers, InProcessLiveChannel } from '@iapm/runtime';
import { openDatabase } from './database.ts';
import { createLogger } from './http/logging.ts';
import { startServer } from './lifecycle.ts';
import { createTenant } from './services/tenant.service.ts';
import { describeSettings, loadSettings, REPO_ROOT } from './settings.ts';

// The demo firm is on the Enterprise plan: a demonstration (and the end-to-end tests that share it) should not
// stop at the Basic plan's 20 workflows and 2 API keys.
const DEMO = {
  name: 'Cabinet Démo',
  adminEmail: 'avocat@demo.iapm.fr',
  adminPassword: 'demo-avocat-2026',
  plan: 'Enterprise' as const,
};

/** Starts the database, the HTTP server and the studio; stops everything cleanly on SIGINT/SIGTERM. */
export async function main(): Promise<void> {
  const settings = loadSettings();
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const logger = createLogger(settings.logLevel, undefined);
  const db = await openDatabase(settings, log);
  let demo: string | undefined;
  if ((await db.models.Tenant.countDocuments()) === 0) {
    const created = await createTenant(db.models, DEMO);
    demo = `${created.adminEmail} / ${created.adminPassword}\n  API key (shown once): ${created.apiKey}`;
  } else if (await db.models.User.exists({ email: DEMO.adminEmail })) {
    demo = `${DEMO.adminEmail} / ${DEMO.adminPassword}`;
  }
  // An action without a handler yet fails its step with `action.unknown` (it never silently succeeds).
  // Mail goes through SMTP when it is configured, else to the firms' outboxes; the live channel is where
  // notifications are pushed (the WebSocket hub relays them).
  const live = new InProcessLiveChannel();
  // AI actions: Ollama when the server has one (each firm may still choose the built-in rules), else the rules.
  const ai = settings.ollamaHost
    ? { ollama: { host: settings.ollamaHost, model: settings.ollamaModel, timeoutMs: settings.ollamaTimeoutMs } }
    : {};
  // CESEDA rules and checklists: deadlines, case checklists and their ticking, the deadline watcher.
  const ceseda = { rules: listRules(), checklists: loadChecklists() };
  const handlers = createActionHandlers({ smtp: settings.smtp, live, ai, ceseda });
  const running = await startServer({
    ceseda,
    connection: db.connection,
    models: db.models,
    databaseKind: db.kind,
    handlers,
    live,
    smtp: settings.smtp,
    port: settings.port,
    host: settings.host,
    logger,
    studioDir: join(REPO_ROOT, 'studio', 'dist'),
    secureCookies: settings.secureCookies,
    trustProxy: settings.trustProxy,
    allowedOrigins: settings.allowedOrigins,
    ...(settings.metricsToken ? { metricsToken: settings.metricsToken } : {}),
    liveFeed: settings.liveFeed,
  });
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${running.port}/`;
  log(`IA Poste Manager — Workflow Studio`);
  log(`  ${JSON.stringify(describeSettings(settings))}`);
  log(`  Database: ${db.kind} ${db.uri}`);
  log(`  Open ${url}`);
  log(`  API reference: ${url}api/docs`);
  if (demo) log(`  Demo login: ${demo}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`Stopping (${signal})…`);
    await running.stop();
    closeSmtpTransports();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
