import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type APIRequestContext, test as base, expect, type Page } from '@playwright/test';
import { ENV } from './global-setup.ts';

export { expect };

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

/** The demo firm the global setup created. */
export const firm = {
  get email() {
    return process.env[ENV.email] as string;
  },
  get password() {
    return process.env[ENV.password] as string;
  },
  get apiKey() {
    return process.env[ENV.apiKey] as string;
  },
};

/** Signs a page's browser context in (session cookie) through the API. */
export async function signIn(request: APIRequestContext): Promise<void> {
  const response = await request.post('/api/auth/login', { data: { email: firm.email, password: firm.password } });
  expect(response.status(), await response.text()).toBe(200);
}

/** Creates a workflow through the API and returns its id. */
export async function createWorkflow(request: APIRequestContext, name: string, document?: object): Promise<string> {
  const response = await request.post('/api/workflows', { data: { name, ...(document ? { document } : {}) } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** A name no other test uses. */
export const unique = (prefix: string) =>
  `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * The tests' fixtures: `baseURL` is the server the global setup started; every test ends with a screenshot
 * of its last screen in e2e/screenshots/ (kept by CI as an artifact).
 */
export const test = base.extend<{ screenshotAtEnd: undefined }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern
  baseURL: async ({}, use) => {
    await use(process.env[ENV.url]);
  },
  screenshotAtEnd: [
    async ({ page }, use, testInfo) => {
      await use(undefined);
      mkdirSync(SCREENSHOTS, { recursive: true });
      const name = testInfo.titlePath
        .slice(1)
        .join(' — ')
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 120);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false }).catch(() => {});
    },
    { auto: true },
  ],
});

/** Opens the editor of a workflow, signed in. */
export async function openEditor(page: Page, workflowId: string): Promise<void> {
  await page.goto(`/workflows/${workflowId}`);
  await expect(page.getByTestId('editor')).toBeVisible();
}

/**
 * Records what a page's live sockets (`/api/ws`) receive: `received(type, runId)` tells whether a message of
 * that type about that run arrived, `opened()` how many sockets the page opened.
 */
export function recordLiveFrames(page: Page) {
  const frames: { type?: string; runId?: string }[] = [];
  let sockets = 0;
  page.on('websocket', (ws) => {
    if (!new URL(ws.url()).pathname.endsWith('/api/ws')) return;
    sockets += 1;
    ws.on('framereceived', (frame) => {
      try {
        frames.push(JSON.parse(String(frame.payload)));
      } catch {
        // Not a JSON message: not one of ours.
      }
    });
  });
  return {
    received: (type: string, runId: string) => frames.some((f) => f.type === type && f.runId === runId),
    opened: () => sockets,
  };
}
